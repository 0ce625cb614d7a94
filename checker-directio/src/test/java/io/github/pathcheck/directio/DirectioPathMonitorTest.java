package io.github.pathcheck.directio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckerMessages;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.loader.CheckerRegistry;
import io.github.pathcheck.monitor.PathMonitor;
import io.github.pathcheck.monitor.PathStatus;
import io.github.pathcheck.nativeio.AioUsage;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import io.github.pathcheck.nativeio.OpenFlags;
import io.github.pathcheck.testkit.ResourceSnapshot;
import io.github.pathcheck.testkit.ScratchDisk;
import io.github.pathcheck.testkit.TargetTempDirFactory;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link PathMonitor} with the directio checker on O_DIRECT files, found by the registry on the class
 * path as a host finds it: every file up, one truncated to zero length goes down (the read comes back
 * short), restored it comes up again, each change delivered once to the listener; closing the monitor frees
 * every checker (the descriptors' flags restored) and unloads the class (its aio contexts destroyed), and
 * nothing is left.
 */
class DirectioPathMonitorTest {
  private static final int SIZE = 8192;
  private static final Duration INTERVAL = Duration.ofSeconds(5);
  /** A bound on rounds for a read the kernel has not completed yet; each pending round waits 5 ms. */
  private static final int MAX_ROUNDS = 2000;

  @TempDir(factory = TargetTempDirFactory.class)
  Path dir;

  private long aioRingsBefore;
  private ResourceSnapshot before;
  private final List<ScratchDisk> disks = new ArrayList<>();
  private final List<LinuxPathDevice> devices = new ArrayList<>();
  private final BlockingQueue<String> transitions = new LinkedBlockingQueue<>();

  @BeforeAll
  static void warmUp() throws Exception {
    NativeWarmUp.ensure();
  }

  @BeforeEach
  void recordStart() throws Exception {
    aioRingsBefore = AioUsage.contextsOfThisProcess();
    before = ResourceSnapshot.take();
    for (int i = 0; i < 3; i++) {
      ScratchDisk disk = ScratchDisk.create(dir, SIZE);
      disks.add(disk);
      devices.add(LinuxPathDevice.open(disk.path()));
    }
  }

  @AfterEach
  void closeDevices() throws Exception {
    for (LinuxPathDevice device : devices) {
      device.close();
    }
    for (ScratchDisk disk : disks) {
      disk.close();
    }
  }

  private PathMonitor.Builder monitor(CheckerRegistry registry) {
    return PathMonitor.builder(registry)
        .listener(
            (from, to) ->
                transitions.add(to.path() + " " + from.state() + " -> " + to.state() + to.message()));
  }

  private static String transition(Path path, PathState from, PathState to, String message) {
    return path + " " + from + " -> " + to + message;
  }

  private List<String> drainTransitions() {
    List<String> drained = new ArrayList<>();
    transitions.drainTo(drained);
    return drained;
  }

  @ParameterizedTest
  @EnumSource(CheckMode.class)
  void aTruncatedFileGoesDownAndComesBackUpAndClosingReleasesEverything(CheckMode mode) throws Exception {
    AtomicLong now = new AtomicLong();
    Path victim = disks.get(1).path();
    CheckerOptions options = CheckerOptions.defaults().withMode(mode).withTimeout(Duration.ofSeconds(30));
    try (CheckerRegistry registry = CheckerRegistry.builder().build()) {
      PathMonitor monitor = monitor(registry).checkInterval(INTERVAL).ticker(now::get).build();
      try {
        for (LinuxPathDevice device : devices) {
          monitor.add(device, "directio", options);
        }
        for (LinuxPathDevice device : devices) {
          assertThat(Procfs.fdFlags(device.fd()) & OpenFlags.O_DIRECT).as("O_DIRECT set by init").isNotZero();
        }

        Rounds rounds = new Rounds(monitor, now);
        rounds.until(victim, status -> status.state() != PathState.UNCHECKED);
        rounds.until(disks.get(0).path(), status -> status.state() != PathState.UNCHECKED);
        rounds.until(disks.get(2).path(), status -> status.state() != PathState.UNCHECKED);
        assertThat(drainTransitions())
            .containsExactlyInAnyOrder(
                disks.stream()
                    .map(d -> transition(d.path(), PathState.UNCHECKED, PathState.UP, CheckerMessages.PATH_UP))
                    .toArray(String[]::new));

        try (FileChannel channel = FileChannel.open(victim, StandardOpenOption.WRITE)) {
          channel.truncate(0);
        }
        PathStatus down = rounds.until(victim, status -> status.state() != PathState.UP);
        assertThat(down.state()).isEqualTo(PathState.DOWN);
        assertThat(down.message()).isEqualTo(CheckerMessages.PATH_DOWN);
        assertThat(down.lastCheckDuration()).isPresent();
        assertThat(drainTransitions())
            .containsExactly(transition(victim, PathState.UP, PathState.DOWN, CheckerMessages.PATH_DOWN));

        Files.write(victim, new byte[SIZE]);
        PathStatus up = rounds.until(victim, status -> status.state() != PathState.DOWN);
        assertThat(up.state()).isEqualTo(PathState.UP);
        assertThat(drainTransitions())
            .containsExactly(transition(victim, PathState.DOWN, PathState.UP, CheckerMessages.PATH_UP));
        assertThat(monitor.snapshot().values()).extracting(PathStatus::state).containsOnly(PathState.UP);
      } finally {
        monitor.close();
      }

      assertThat(monitor.snapshot()).isEmpty();
      for (LinuxPathDevice device : devices) {
        assertThat(Procfs.fdFlags(device.fd()) & OpenFlags.O_DIRECT)
            .as("O_DIRECT cleared again: the monitor freed the checker of %s", device.path())
            .isZero();
      }
      registry.whenUnloadsReleased().toCompletableFuture().get(60, TimeUnit.SECONDS);
      assertThat(AioUsage.contextsOfThisProcess()).as("aio contexts: the class was unloaded").isEqualTo(aioRingsBefore);
    }
    assertNothingLeft();
  }

  @Test
  void theMonitorsThreadDeliversTheDownAndUpTransitions() throws Exception {
    Path victim = disks.get(0).path();
    try (CheckerRegistry registry = CheckerRegistry.builder().build()) {
      try (PathMonitor monitor =
          monitor(registry)
              .checkInterval(Duration.ofMillis(20))
              .pendingPollInterval(Duration.ofMillis(5))
              .build()) {
        for (LinuxPathDevice device : devices) {
          monitor.add(device, "directio", CheckerOptions.defaults());
        }
        monitor.start();
        List<String> firstAnswers = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
          firstAnswers.add(next());
        }
        assertThat(firstAnswers)
            .containsExactlyInAnyOrder(
                disks.stream()
                    .map(d -> transition(d.path(), PathState.UNCHECKED, PathState.UP, CheckerMessages.PATH_UP))
                    .toArray(String[]::new));

        try (FileChannel channel = FileChannel.open(victim, StandardOpenOption.WRITE)) {
          channel.truncate(0);
        }
        assertThat(next()).isEqualTo(transition(victim, PathState.UP, PathState.DOWN, CheckerMessages.PATH_DOWN));
        Files.write(victim, new byte[SIZE]);
        assertThat(next()).isEqualTo(transition(victim, PathState.DOWN, PathState.UP, CheckerMessages.PATH_UP));
      }
      registry.whenUnloadsReleased().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
    assertThat(drainTransitions()).as("transitions after the restore").isEmpty();
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("pathcheck-monitor") && t.isAlive());
    assertNothingLeft();
  }

  /** The next transition; fails rather than hangs if none comes in a minute. */
  private String next() throws InterruptedException {
    String next = transitions.poll(60, TimeUnit.SECONDS);
    assertThat(next).as("a transition within a minute").isNotNull();
    return next;
  }

  private void assertNothingLeft() throws InterruptedException {
    for (LinuxPathDevice device : devices) {
      device.close();
    }
    // Descriptors, threads (io_destroy's end a moment after their release) and aio contexts.
    assertThat(ResourceSnapshot.leaksSince(before, Procfs.LEAK_MARGIN)).as("left behind").isEmpty();
    assertThat(AioUsage.contextsOfThisProcess()).as("aio contexts of this process").isEqualTo(aioRingsBefore);
  }

  /** Runs rounds with a fake clock, each a check interval after the last, so every path is due in each. */
  private static final class Rounds {
    final PathMonitor monitor;
    final AtomicLong now;

    Rounds(PathMonitor monitor, AtomicLong now) {
      this.monitor = monitor;
      this.now = now;
    }

    /**
     * Runs rounds until the status of {@code path} satisfies {@code done}; an asynchronous read that the
     * kernel has not completed within a round's shared wait is collected by a later round.
     */
    PathStatus until(Path path, Predicate<PathStatus> done) {
      for (int i = 0; i < MAX_ROUNDS; i++) {
        PathStatus status = monitor.status(path).orElseThrow();
        if (done.test(status)) {
          return status;
        }
        monitor.runOnce();
        now.addAndGet(INTERVAL.toNanos());
      }
      throw new AssertionError(path + " did not change in " + MAX_ROUNDS + " rounds: " + monitor.status(path));
    }
  }
}
