package io.github.pathcheck.testkit;

import static io.github.pathcheck.testkit.KitFixture.GC_ATTEMPTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerOptions;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * The contracts of {@link CheckerContractKit} on many threads at once: each checking a checker of its own, and
 * churning checkers of one class while another thread resets it, which exposes a class's shared state used
 * without synchronisation as calls that throw, wrong answers, freed or live checkers the class lost track of, or
 * a release that never completes.
 */
final class ConcurrencyContracts {
  private static final int THREADS = 8;
  private static final int CHECKS_PER_THREAD = 20;
  private static final int CHURN_ROUNDS = 200;
  /**
   * Rounds of init and free of a batch of checkers without checks, so that a class's shared maps grow, shrink and
   * change as fast as they can: lost updates need many of them on two cores.
   */
  private static final int STORM_ROUNDS = 5000;
  private static final int STORM_BATCH = 8;
  private static final long RESET_PACE_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

  private static final String RACE_RULE =
      " (rule: a checker class is called from many threads at once: init, check and free of different checkers"
          + " and reset; fix: guard the class's shared state (live set, caches, counters, static maps) with one"
          + " lock, or use ConcurrentHashMap and AtomicInteger, or extend AbstractCheckerClass, which keeps the"
          + " live set)";

  private final KitFixture fixture;

  ConcurrencyContracts(KitFixture fixture) {
    this.fixture = fixture;
  }

  void manyThreadsCheckDistinctCheckers() throws Exception {
    CheckerClass checkerClass = fixture.load();
    List<TestDevice> devices = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      devices.add(fixture.device());
    }
    CyclicBarrier start = new CyclicBarrier(THREADS);
    CountDownLatch done = new CountDownLatch(THREADS);
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    Queue<String> wrongStates = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      TestDevice device = devices.get(i);
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                  // freed after the test also when this thread never gets to its own free
                  Checker checker = fixture.init(checkerClass, device, fixture.checkerOptions());
                  try {
                    for (int c = 0; c < CHECKS_PER_THREAD; c++) {
                      CheckResult answer = fixture.resolve(checker);
                      if (answer.state() != fixture.expectedState()) {
                        wrongStates.add(Thread.currentThread().getName() + " check " + c + ": " + answer);
                      }
                    }
                  } finally {
                    checker.free();
                  }
                } catch (Throwable t) {
                  failures.add(t);
                } finally {
                  done.countDown();
                }
              },
              "pathcheck-kit-checker-" + i);
      thread.setDaemon(true);
      threads.add(thread);
    }
    threads.forEach(Thread::start);
    Duration bound = fixture.answerBound().multipliedBy(2);
    try {
      if (!done.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        fail(
            "threads checking distinct checkers did not finish within "
                + bound.toSeconds()
                + " s; still running: "
                + threads.stream()
                    .filter(Thread::isAlive)
                    .map(Thread::getName)
                    .collect(Collectors.joining(", "))
                + "; every thread:\n"
                + ThreadDump.ofAllThreads());
      }
    } finally {
      interruptAndJoin(threads, fixture.answerBound());
    }
    if (!failures.isEmpty()) {
      AssertionError error =
          new AssertionError(
              failures.size() + " of " + THREADS + " threads failed; the first: " + failures.peek(),
              failures.peek());
      failures.stream().skip(1).forEach(error::addSuppressed);
      throw error;
    }
    assertThat(wrongStates).as("answers other than %s", fixture.expectedState()).isEmpty();
    fixture.awaitReleased(fixture.unload(checkerClass));
  }

  void sharedStateSurvivesChurnAndReset() throws Exception {
    CheckerClass checkerClass = fixture.load();
    List<TestDevice> devices = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      devices.add(fixture.device());
    }
    Duration bound = fixture.answerBound().multipliedBy(2);
    CyclicBarrier round = new CyclicBarrier(THREADS);
    CountDownLatch done = new CountDownLatch(THREADS);
    AtomicBoolean churning = new AtomicBoolean(true);
    Queue<String> failures = new ConcurrentLinkedQueue<>();
    Queue<Throwable> causes = new ConcurrentLinkedQueue<>();
    List<Checker> survivors = Collections.synchronizedList(new ArrayList<>());
    Queue<WeakReference<Checker>> freed = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      TestDevice device = devices.get(i);
      Thread thread =
          new Thread(
              () -> {
                String call = "start";
                try {
                  call = "storm barrier";
                  CheckerOptions options = fixture.checkerOptions();
                  List<Checker> held = new ArrayList<>(STORM_BATCH);
                  List<WeakReference<Checker>> stormed = new ArrayList<>(STORM_ROUNDS * STORM_BATCH);
                  round.await(bound.toMillis(), TimeUnit.MILLISECONDS);
                  try {
                    long stormEnd = System.nanoTime() + options.timeout().toNanos(); // slow inits churn less
                    for (int s = 0; s < STORM_ROUNDS && System.nanoTime() - stormEnd < 0; s++) {
                      call = "storm round " + s + " init()";
                      for (int k = 0; k < STORM_BATCH; k++) {
                        held.add(checkerClass.init(device, options));
                      }
                      call = "storm round " + s + " free()";
                      for (Checker checker : held) {
                        checker.free();
                        stormed.add(new WeakReference<>(checker));
                      }
                      held.clear();
                    }
                  } finally {
                    held.forEach(Checker::free);
                    freed.addAll(stormed);
                  }
                  for (int r = 0; r < CHURN_ROUNDS; r++) {
                    call = "round " + r + " barrier";
                    round.await(bound.toMillis(), TimeUnit.MILLISECONDS);
                    CheckMode mode = r % 2 == 0 ? CheckMode.SYNC : CheckMode.ASYNC; // sync rounds are short
                    call = "round " + r + " init(" + mode + ")";
                    Checker checker = checkerClass.init(device, fixture.checkerOptions().withMode(mode));
                    try {
                      call = "round " + r + " check()/pending()";
                      CheckResult answer = fixture.resolve(checker);
                      if (answer.state() != fixture.expectedState()) {
                        failures.add(Thread.currentThread().getName() + " " + call + " answered " + answer);
                      }
                    } finally {
                      call = "round " + r + " free()";
                      checker.free();
                      freed.add(new WeakReference<>(checker));
                    }
                  }
                  call = "init() of the checker left live";
                  Checker live = fixture.init(checkerClass, device, fixture.checkerOptions());
                  survivors.add(live);
                } catch (Throwable t) {
                  failures.add(Thread.currentThread().getName() + " " + call + " threw " + t);
                  causes.add(t);
                  round.reset(); // the others fail their next round instead of waiting for this thread
                } finally {
                  done.countDown();
                }
              },
              "pathcheck-kit-churn-" + i);
      thread.setDaemon(true);
      threads.add(thread);
    }
    Thread resetter =
        new Thread(
            () -> {
              try {
                while (churning.get()) {
                  checkerClass.reset();
                  LockSupport.parkNanos(RESET_PACE_NANOS); // paces the resets; the churn does not wait for it
                }
              } catch (Throwable t) {
                failures.add("reset() threw " + t);
                causes.add(t);
              }
            },
            "pathcheck-kit-reset");
    resetter.setDaemon(true);
    threads.forEach(Thread::start);
    resetter.start();
    boolean finished = false;
    boolean resetReturned = false;
    String stuck = "";
    try {
      finished = done.await(bound.toMillis() * 2, TimeUnit.MILLISECONDS);
    } finally {
      churning.set(false);
      resetter.join(bound.toMillis());
      resetReturned = !resetter.isAlive();
      if (!finished || !resetReturned) {
        stuck = ThreadDump.ofAllThreads(); // before the interrupts move the stuck threads on
      }
      List<Thread> all = new ArrayList<>(threads);
      all.add(resetter);
      interruptAndJoin(all, fixture.answerBound());
    }
    if (!finished) {
      fail("threads churning checkers of the " + fixture.checkerName() + " checker did not finish within "
          + bound.toSeconds() * 2 + " s" + RACE_RULE + "; every thread:\n" + stuck);
    }
    if (!resetReturned) {
      fail("reset() of the " + fixture.checkerName() + " checker did not return within " + bound.toSeconds()
          + " s of the churn's end" + RACE_RULE + "; every thread:\n" + stuck);
    }
    long held = KitFixture.collectUntilCleared(freed);
    if (held > 0) {
      failures.add(held + " of " + freed.size() + " checkers freed during the churn are still reachable after "
          + GC_ATTEMPTS + " garbage collections while the class is loaded: the class lost track of their free"
          + " (a live set or map changed by many threads at once loses removals)");
    }
    try {
      fixture.awaitReleased(fixture.unload(checkerClass));
    } catch (RuntimeException e) {
      failures.add("unload() after the churn threw " + e);
      causes.add(e);
    } catch (AssertionError e) {
      failures.add("after the churn, with " + survivors.size() + " checkers live: " + e.getMessage()
          + " (its count of what is live or in flight went wrong)");
    }
    for (Checker live : survivors) {
      try {
        live.check();
        failures.add(
            "a checker live when its class was unloaded still checks: the class lost track of it, or the"
                + " checker does not check that it was freed");
      } catch (IllegalStateException expected) {
        // freed by unload
      } catch (Throwable t) {
        failures.add("check() of a checker live at unload threw " + t + " instead of IllegalStateException");
        causes.add(t);
      }
    }
    if (!failures.isEmpty()) {
      AssertionError error =
          new AssertionError(
              failures.size() + " failures while " + THREADS + " threads init, check and free checkers of one "
                  + fixture.checkerName() + " class and another resets it" + RACE_RULE + ":\n  - "
                  + failures.stream().limit(10).collect(Collectors.joining("\n  - ")),
              causes.peek());
      throw error;
    }
  }

  /**
   * Interrupts the threads and waits for them to end, all together at most {@code bound}, so that no thread of a
   * contract outlives it unnoticed; a thread stuck in a call that ignores interrupts is left behind, daemon.
   */
  private static void interruptAndJoin(List<Thread> threads, Duration bound) throws InterruptedException {
    threads.forEach(Thread::interrupt);
    long deadline = System.nanoTime() + bound.toNanos();
    for (Thread thread : threads) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      TimeUnit.NANOSECONDS.timedJoin(thread, left);
    }
  }
}
