package io.github.pathcheck.directio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.api.UnloadResult;
import io.github.pathcheck.nativeio.AioUsage;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import io.github.pathcheck.testkit.ResourceSnapshot;
import io.github.pathcheck.testkit.TargetTempDirFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads, thousands of checkers in small groups, many rounds, on the real kernel: every answer is the
 * right one for its file (a full block, or an empty file), the counters add up, and nothing is left after
 * unload.
 *
 * <p>Each thread owns its checkers (the SPI's one thread per checker at a time) but shares groups with the
 * others, so a thread's synchronous check reaps the completions of other threads' asynchronous checks and
 * orphans, and a poll finds its answer recorded by another thread. Checkers are freed with reads in flight
 * and replaced as the rounds go.
 */
class ConcurrencyStressTest {
  private static final int THREADS = 6;
  private static final int CHECKERS = 1800;
  private static final int ROUNDS = 25;
  private static final int GROUP_SIZE = 64;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir(factory = TargetTempDirFactory.class)
  Path dir;

  /** One path: its device, its checker, the answer it must give. */
  private static final class Path0 {
    final LinuxPathDevice device;
    final PathState expected;
    final CheckMode mode;
    Checker checker;

    Path0(LinuxPathDevice device, PathState expected, CheckMode mode) {
      this.device = device;
      this.expected = expected;
      this.mode = mode;
    }
  }

  @Test
  void threadsShareGroupsWithoutLosingOrMisdirectingACompletion() throws Exception {
    NativeWarmUp.ensure();
    long aioNrBefore = AioUsage.aioNr();
    long ringsBefore = AioUsage.contextsOfThisProcess();
    ResourceSnapshot before = ResourceSnapshot.take();
    Path good = Files.write(dir.resolve("good.img"), new byte[4096]);
    Path empty = Files.write(dir.resolve("empty.img"), new byte[0]);
    DirectioCheckerClass directio =
        (DirectioCheckerClass)
            new DirectioCheckerProvider().load(Map.of("groupSize", Integer.toString(GROUP_SIZE)));

    List<List<Path0>> perThread = new ArrayList<>();
    List<Path0> all = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      perThread.add(new ArrayList<>());
    }
    for (int i = 0; i < CHECKERS; i++) {
      boolean isGood = i % 3 != 0;
      Path0 path =
          new Path0(
              LinuxPathDevice.open(isGood ? good : empty),
              isGood ? PathState.UP : PathState.DOWN,
              i % 2 == 0 ? CheckMode.SYNC : CheckMode.ASYNC);
      path.checker = directio.init(path.device, options(path.mode));
      // Interleave the owners so every group has checkers of every thread.
      perThread.get(i % THREADS).add(path);
      all.add(path);
    }

    List<String> wrong = Collections.synchronizedList(new ArrayList<>());
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    List<DirectioSnapshot> roundSnapshots = Collections.synchronizedList(new ArrayList<>());
    CyclicBarrier endOfRound =
        new CyclicBarrier(THREADS, () -> roundSnapshots.add(directio.snapshot()));
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      List<Path0> mine = perThread.get(t);
      Random random = new Random(1000 + t);
      Thread thread =
          new Thread(
              () -> {
                try {
                  for (int round = 0; round < ROUNDS; round++) {
                    runRound(directio, mine, random, wrong);
                    endOfRound.await(120, TimeUnit.SECONDS);
                  }
                } catch (Throwable e) {
                  failures.add(e);
                  endOfRound.reset();
                }
              },
              "stress-" + t);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(failures).isEmpty();
    assertThat(wrong).isEmpty();
    assertThat(roundSnapshots).hasSize(ROUNDS);
    for (DirectioSnapshot snapshot : roundSnapshots) {
      // Between rounds: every live checker holds a slot; the rest are orphans not reaped yet.
      int holders = snapshot.groups().stream().mapToInt(DirectioSnapshot.Group::holders).sum();
      int orphans = snapshot.groups().stream().mapToInt(DirectioSnapshot.Group::orphans).sum();
      assertThat(holders - orphans).isEqualTo(CHECKERS);
      assertThat(snapshot.groups())
          .allSatisfy(
              g -> {
                assertThat(g.holders()).isBetween(0, GROUP_SIZE);
                assertThat(g.orphans()).isBetween(0, g.holders());
                assertThat(g.inFlight()).isBetween(g.orphans(), g.holders());
              });
    }
    DirectioSnapshot beforeUnload = directio.snapshot();
    assertThat(beforeUnload.orphansReaped()).as("frees with reads in flight were reaped by others").isPositive();

    for (Path0 path : all) {
      path.checker.free();
    }
    UnloadResult result = directio.unload();
    assertThat(result.isComplete()).isTrue();
    DirectioSnapshot end = directio.snapshot();
    assertThat(end.groups()).isEmpty();
    assertThat(end.groupsBeingDestroyed()).isZero();
    assertThat(end.ioDestroyCalls()).as("every group created was destroyed once").isEqualTo(end.ioSetupCalls());
    for (Path0 path : all) {
      path.device.close();
    }
    // Descriptors, threads (io_destroy's end a moment after their release) and aio contexts.
    assertThat(ResourceSnapshot.leaksSince(before, Procfs.LEAK_MARGIN)).as("left behind").isEmpty();
    assertThat(AioUsage.contextsOfThisProcess()).isEqualTo(ringsBefore);
    assertThat(AioUsage.aioNr()).isEqualTo(aioNrBefore);
  }

  private static CheckerOptions options(CheckMode mode) {
    return CheckerOptions.defaults().withMode(mode).withTimeout(TIMEOUT);
  }

  /** One round of one thread: start every check, collect the asynchronous ones, replace a few checkers. */
  private static void runRound(
      DirectioCheckerClass directio, List<Path0> mine, Random random, List<String> wrong)
      throws Exception {
    List<Path0> pending = new ArrayList<>();
    for (Path0 path : mine) {
      CheckResult result = path.checker.check();
      if (result.isPending()) {
        pending.add(path);
      } else {
        expect(path, result, wrong);
      }
    }
    for (Path0 path : pending) {
      if (random.nextInt(20) == 0) {
        // Abandon the read in flight: free now, replace the checker.
        path.checker.free();
        path.checker = directio.init(path.device, options(path.mode));
        continue;
      }
      CheckResult result = path.checker.pending();
      while (result.isPending()) {
        Thread.onSpinWait();
        result = path.checker.pending();
      }
      expect(path, result, wrong);
    }
    for (Path0 path : mine) {
      if (random.nextInt(50) == 0) {
        path.checker.free();
        path.checker = directio.init(path.device, options(path.mode));
      }
    }
  }

  private static void expect(Path0 path, CheckResult result, List<String> wrong) {
    if (result.state() != path.expected) {
      wrong.add(path.device.path() + " answered " + result + ", expected " + path.expected);
    }
  }
}
