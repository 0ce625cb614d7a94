package io.github.pathcheck.directio;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.hung.HungCheckerProvider;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.loader.CheckerRegistry;
import io.github.pathcheck.monitor.PathMonitor;
import io.github.pathcheck.monitor.PathStatus;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import io.github.pathcheck.testkit.PluginJars;
import io.github.pathcheck.testkit.ResourceSnapshot;
import io.github.pathcheck.testkit.ScratchDisk;
import io.github.pathcheck.testkit.TargetTempDirFactory;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One hung check never stalls a host: a {@link PathMonitor} at a 1 s interval watches 20 directio paths on
 * O_DIRECT files and one path whose plugin checker blocks, ignoring interrupts. The other paths keep being
 * checked (a file truncated meanwhile is reported down within two intervals), the hung path answers timeout,
 * removing it and closing everything return at once, and the only threads left are the abandoned calls, which
 * the registry names until they return.
 */
class HungPluginPathMonitorTest {
  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final Duration HUNG_TIMEOUT = Duration.ofSeconds(1);
  /** What remove() and close() may take: they never wait for a device. */
  private static final Duration BOUND = Duration.ofSeconds(1);
  private static final int PATHS = 20;

  @TempDir(factory = TargetTempDirFactory.class)
  Path dir;

  @BeforeAll
  static void warmUp() throws Exception {
    NativeWarmUp.ensure();
  }

  @Test
  void aHungPluginCheckStallsNoOtherPath() throws Exception {
    ResourceSnapshot before = ResourceSnapshot.take();
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Files.copy(PluginJars.packageOf(HungCheckerProvider.class), plugins.resolve("hung.jar"));
    Path gate = Files.createFile(dir.resolve("gate"));
    List<ScratchDisk> disks = new ArrayList<>();
    List<LinuxPathDevice> devices = new ArrayList<>();
    BlockingQueue<PathStatus> transitions = new LinkedBlockingQueue<>();
    try {
      for (int i = 0; i <= PATHS; i++) {
        ScratchDisk disk = ScratchDisk.create(dir, 8192);
        disks.add(disk);
        devices.add(LinuxPathDevice.open(disk.path()));
      }
      LinuxPathDevice hung = devices.get(PATHS);
      Path victim = devices.get(7).path();
      CheckerRegistry registry = CheckerRegistry.builder().pluginDirectory(plugins).build();
      PathMonitor monitor =
          PathMonitor.builder(registry)
              .checkInterval(INTERVAL)
              .pendingPollInterval(Duration.ofMillis(200))
              .listener((from, to) -> transitions.add(to))
              .build();
      try {
        for (int i = 0; i < PATHS; i++) {
          monitor.add(devices.get(i), "directio", CheckerOptions.defaults().withTimeout(Duration.ofSeconds(5)));
        }
        monitor.add(
            hung,
            HungCheckerProvider.NAME,
            CheckerOptions.defaults().withTimeout(HUNG_TIMEOUT).withProperty(HungCheckerProvider.GATE, gate.toString()));
        monitor.start();

        awaitStatus(monitor, devices.get(0).path(), s -> s.state() == PathState.UP);
        for (int i = 0; i < PATHS; i++) {
          assertThat(awaitStatus(monitor, devices.get(i).path(), s -> s.state() == PathState.UP).state())
              .as("directio path %d while another path hangs", i)
              .isEqualTo(PathState.UP);
        }

        Instant truncated = Instant.now();
        try (FileChannel channel = FileChannel.open(victim, StandardOpenOption.WRITE)) {
          channel.truncate(0);
        }
        PathStatus down = awaitTransition(transitions, victim, PathState.DOWN);
        assertThat(Duration.between(truncated, down.since()))
            .as("a truncated path is reported down within two intervals, while another path hangs")
            .isLessThanOrEqualTo(INTERVAL.multipliedBy(2));

        PathStatus timedOut = awaitStatus(monitor, hung.path(), s -> s.state() == PathState.TIMEOUT);
        assertThat(timedOut.state()).isEqualTo(PathState.TIMEOUT);
        assertThat(monitor.snapshot().values())
            .filteredOn(s -> !s.path().equals(hung.path()) && !s.path().equals(victim))
            .allSatisfy(s -> assertThat(s.state()).isEqualTo(PathState.UP));

        long start = System.nanoTime();
        assertThat(monitor.remove(hung.path())).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("remove() of the hung path").isLessThan(BOUND);
      } finally {
        long start = System.nanoTime();
        monitor.close();
        registry.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start))
            .as("closing the monitor and the registry with a check stuck")
            .isLessThan(BOUND);
      }
      assertThat(monitor.whenCheckersReleased().toCompletableFuture().isDone())
          .as("the hung path's device is still in use by its abandoned calls")
          .isFalse();

      assertThat(registry.whenUnloadsReleased().toCompletableFuture().isDone())
          .as("the unload waits for the abandoned calls")
          .isFalse();
      List<String> unreleased = registry.unreleased();
      Map<Long, String> threadsLeft = ResourceSnapshot.take().threads();
      List<String> ours = new ArrayList<>();
      for (String name : threadsLeft.values()) {
        if (name.startsWith("pathcheck-") && !before.threads().containsValue(name)) {
          ours.add(name);
        }
      }
      assertThat(ours).as("threads of ours left: only the abandoned calls").isNotEmpty().hasSizeLessThanOrEqualTo(2);
      for (String name : ours) {
        assertThat(name).startsWith("pathcheck-" + HungCheckerProvider.NAME + "-");
        assertThat(unreleased).as("the unload names each abandoned call's thread").anyMatch(line -> line.contains(name));
      }

      Files.delete(gate); // the device answers again: the abandoned calls return
      monitor.whenCheckersReleased().toCompletableFuture().get(10, TimeUnit.SECONDS);
      registry.whenUnloadsReleased().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(registry.unreleased()).isEmpty();
    } finally {
      Files.deleteIfExists(gate);
      for (LinuxPathDevice device : devices) {
        device.close();
      }
      for (ScratchDisk disk : disks) {
        disk.close();
      }
    }
    assertThat(ResourceSnapshot.leaksSince(before, Duration.ofSeconds(5))).isEmpty();
  }

  private static PathStatus awaitStatus(PathMonitor monitor, Path path, Predicate<PathStatus> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    PathStatus status = monitor.status(path).orElseThrow();
    while (!done.test(status) && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(20); // polling observable state against a deadline
      status = monitor.status(path).orElseThrow();
    }
    return status;
  }

  private static PathStatus awaitTransition(BlockingQueue<PathStatus> transitions, Path path, PathState to)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (true) {
      PathStatus next = transitions.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      assertThat(next).as("a transition of %s to %s", path, to).isNotNull();
      if (next.path().equals(path) && next.state() == to) {
        return next;
      }
    }
  }
}
