package io.github.pathcheck.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckerMessages;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.fixtures.FakeDevice;
import io.github.pathcheck.loader.CheckerRegistry;
import io.github.pathcheck.loader.ScriptedCheckerProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The monitor's own thread, on real time, with paths added, removed and disabled from other threads. Threads
 * are sequenced by what the listeners are told; the only timeouts are there to fail a hung test.
 */
class PathMonitorThreadTest {
  private static final AtomicInteger monitors = new AtomicInteger();
  private static final long HANG_SECONDS = 30;

  private final BlockingQueue<Transition> transitions = new LinkedBlockingQueue<>();
  private final List<String> listenerThreads = new ArrayList<>();
  private final String threadName = "pathcheck-monitor-test-" + monitors.incrementAndGet();
  private CheckerRegistry registry;
  private PathMonitor monitor;

  @BeforeEach
  void setUp() {
    ScriptedCheckerProvider.resetCounters();
    registry = CheckerRegistry.builder().build();
  }

  @AfterEach
  void tearDown() {
    if (monitor != null) {
      monitor.close();
    }
    registry.close();
    // No checker of this test is freed on a pool after the next one reset the counters.
    assertThat(registry.whenUnloadsReleased().toCompletableFuture())
        .succeedsWithin(Duration.ofSeconds(HANG_SECONDS));
    assertThat(ScriptedCheckerProvider.violations).isEmpty();
    assertThat(monitorThreads()).isEmpty();
  }

  private PathMonitor.Builder builder() {
    return PathMonitor.builder(registry)
        .checkInterval(Duration.ofMillis(10))
        .pendingPollInterval(Duration.ofMillis(2))
        .threadName(threadName)
        .listener(
            (from, to) -> {
              synchronized (listenerThreads) {
                listenerThreads.add(Thread.currentThread().getName());
              }
              transitions.add(new Transition(from, to));
            });
  }

  private List<Thread> monitorThreads() {
    List<Thread> found = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals(threadName) && thread.isAlive()) {
        found.add(thread);
      }
    }
    return found;
  }

  /** Waits for the transition of {@code path} to {@code state}, skipping others; fails if none comes. */
  private Transition awaitTransition(Path path, PathState state) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS);
    while (true) {
      Transition next = transitions.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (next == null) {
        return fail("no transition of %s to %s; status %s", path, state, monitor.status(path));
      }
      if (next.to().path().equals(path) && next.to().state() == state) {
        return next;
      }
    }
  }

  private static FakeDevice device(String name) {
    return new FakeDevice(Path.of("/dev/" + name), 3);
  }

  private static CheckerOptions async(int pendingPolls) {
    return CheckerOptions.defaults().withProperty("pendingPolls", Integer.toString(pendingPolls));
  }

  @Test
  void pathsAddedAndRemovedWhileTheLoopRunsAreCheckedAndFreed() throws Exception {
    monitor = builder().build();
    monitor.start();
    List<Thread> threads = monitorThreads();
    assertThat(threads).hasSize(1);
    assertThat(threads.get(0).isDaemon()).isTrue();

    FakeDevice a = device("mta");
    monitor.add(a, "scripted", async(2));
    Transition aUp = awaitTransition(a.path(), PathState.UP);
    assertThat(aUp.from().state()).isEqualTo(PathState.UNCHECKED);

    FakeDevice b = device("mtb");
    monitor.add(b, "scripted", CheckerOptions.defaults().withMode(CheckMode.SYNC));
    awaitTransition(b.path(), PathState.UP);

    assertThat(monitor.remove(a.path())).isTrue();
    assertThat(ScriptedCheckerProvider.checker(a.path()).isFreed()).isTrue();
    assertThat(monitor.status(a.path())).isEmpty();

    // The loop goes on with b.
    ScriptedCheckerProvider.checker(b.path()).answer(PathState.DOWN);
    Transition bDown = awaitTransition(b.path(), PathState.DOWN);
    assertThat(bDown.from().state()).isEqualTo(PathState.UP);

    assertThat(monitor.remove(b.path())).isTrue();
    assertThat(ScriptedCheckerProvider.unloads).hasValue(1);
    // b's checker is synchronous: it is freed on the class's pool, which the unload is deferred for.
    assertThat(registry.whenUnloadsReleased().toCompletableFuture())
        .succeedsWithin(Duration.ofSeconds(HANG_SECONDS));
    assertThat(ScriptedCheckerProvider.frees).hasValue(2);

    FakeDevice c = device("mtc");
    monitor.add(c, "none", CheckerOptions.defaults().withProperty("state", "ghost"));
    awaitTransition(c.path(), PathState.GHOST);

    monitor.close();
    assertThat(monitorThreads()).isEmpty();
    synchronized (listenerThreads) {
      assertThat(listenerThreads).isNotEmpty().allMatch(threadName::equals);
    }
  }

  @Test
  void aDisableFromAnotherThreadIsToldOnTheLoopThread() throws Exception {
    monitor = builder().build();
    monitor.start();
    FakeDevice d = device("mtd");
    monitor.add(d, "scripted", async(1));
    awaitTransition(d.path(), PathState.UP);

    monitor.disable(d.path());
    Transition disabled = awaitTransition(d.path(), PathState.UNCHECKED);
    assertThat(disabled.to().message()).isEqualTo(CheckerMessages.DISABLED);

    monitor.enable(d.path());
    awaitTransition(d.path(), PathState.UP);
    synchronized (listenerThreads) {
      assertThat(listenerThreads).allMatch(threadName::equals);
    }
  }

  @Test
  void aThrowingCheckerAndAThrowingListenerDoNotStopTheLoop() throws Exception {
    monitor =
        builder()
            .listener(
                (from, to) -> {
                  throw new IllegalStateException("listener fails on purpose");
                })
            .build();
    monitor.start();
    FakeDevice bad = device("mte");
    FakeDevice good = device("mtf");
    monitor.add(bad, "scripted", async(0).withProperty("throwIn", "check"));
    monitor.add(good, "scripted", async(0));
    awaitTransition(good.path(), PathState.UP);

    ScriptedCheckerProvider.checker(bad.path()).throwIn("");
    Transition badUp = awaitTransition(bad.path(), PathState.UP);
    assertThat(badUp.from().message()).startsWith(" failed: check() threw ");

    ScriptedCheckerProvider.checker(good.path()).answer(PathState.DOWN);
    awaitTransition(good.path(), PathState.DOWN);
  }

  @Test
  void aListenerMayCloseTheMonitor() throws Exception {
    CountDownLatch closedByListener = new CountDownLatch(1);
    AtomicReference<PathMonitor> self = new AtomicReference<>();
    monitor =
        builder()
            .listener(
                (from, to) -> {
                  self.get().close();
                  closedByListener.countDown();
                })
            .build();
    self.set(monitor);
    monitor.start();
    monitor.add(device("mtg"), "scripted", async(0));
    assertThat(closedByListener.await(HANG_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(ScriptedCheckerProvider.frees).hasValue(1);
    assertThat(ScriptedCheckerProvider.unloads).hasValue(1);
    for (Thread thread : monitorThreads()) {
      thread.join(TimeUnit.SECONDS.toMillis(HANG_SECONDS));
    }
  }

  /**
   * Many threads add and remove paths while the loop checks them: every checker is freed once, never called
   * after its free nor by two threads at once (the provider records violations), and every class load is
   * matched by an unload.
   */
  @Test
  void manyThreadsAddAndRemovePathsWhileTheLoopChecksThem() throws Exception {
    monitor =
        builder().checkInterval(Duration.ofMillis(1)).pendingPollInterval(Duration.ofMillis(1)).build();
    monitor.start();
    int threads = 4;
    int pathsPerThread = 100;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < pathsPerThread; i++) {
                    FakeDevice device = device("stress-" + thread + "-" + i);
                    monitor.add(device, "scripted", async(i % 3));
                    if (i % 2 == 1) {
                      monitor.disable(device.path());
                    }
                    if (i % 4 != 0) {
                      assertThat(monitor.remove(device.path())).isTrue();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        future.get(HANG_SECONDS, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    int kept = threads * pathsPerThread / 4;
    assertThat(monitor.snapshot()).hasSize(kept);
    assertThat(ScriptedCheckerProvider.inits).hasValue(threads * pathsPerThread);
    assertThat(ScriptedCheckerProvider.frees).hasValue(threads * pathsPerThread - kept);

    // The loop is alive and checks a path added last.
    FakeDevice last = device("stress-last");
    monitor.add(last, "none", CheckerOptions.defaults());
    awaitTransition(last.path(), PathState.UP);

    monitor.close();
    assertThat(ScriptedCheckerProvider.frees).hasValue(threads * pathsPerThread);
    assertThat(ScriptedCheckerProvider.unloads.get()).isEqualTo(ScriptedCheckerProvider.loads.get());
  }
}
