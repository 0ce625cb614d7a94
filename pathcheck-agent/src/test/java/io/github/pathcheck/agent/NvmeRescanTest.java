package io.github.pathcheck.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The rescan after an NVMe controller's event: rediscovers each interval while its window is open. */
class NvmeRescanTest {
  /** A bound for the rescan's thread to do what is awaited, far above what it takes. */
  private static final long BOUND_SECONDS = 30;
  private static final Duration INTERVAL = Duration.ofMillis(10);
  /** How many intervals a witness rescan is seen to run before nothing having run elsewhere counts. */
  private static final int WITNESSED_RUNS = 5;

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("%s within %d s", what, BOUND_SECONDS).isNegative();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  /**
   * Waits until another rescan of the same interval has run several times: so many intervals have passed, seen
   * rather than slept, over which a rescan could have run.
   */
  private static void witnessSeveralIntervals() {
    AtomicInteger witnessed = new AtomicInteger();
    try (NvmeRescan witness = new NvmeRescan(witnessed::incrementAndGet, Duration.ofSeconds(60), INTERVAL)) {
      witness.trigger();
      await(WITNESSED_RUNS + " runs of a witness", () -> witnessed.get() >= WITNESSED_RUNS);
    }
  }

  @Test
  void nothingRunsUntilATrigger() {
    AtomicInteger runs = new AtomicInteger();
    try (NvmeRescan rescan = new NvmeRescan(runs::incrementAndGet, Duration.ofSeconds(60), INTERVAL)) {
      witnessSeveralIntervals();

      assertThat(runs).hasValue(0);
      assertThat(rescan.active()).isFalse();
      assertThat(rescan.threads()).isEmpty();
    }
  }

  @Test
  void aTriggerRediscoversRepeatedlyUntilItsWindowEndsAndAFailureDoesNotStopIt() {
    AtomicInteger runs = new AtomicInteger();
    Runnable failingFirst = () -> {
      if (runs.incrementAndGet() == 1) {
        throw new IllegalStateException("sysfs went away");
      }
    };
    try (NvmeRescan rescan = new NvmeRescan(failingFirst, Duration.ofMillis(500), INTERVAL)) {
      rescan.trigger();
      assertThat(rescan.active()).isTrue();

      await("the window's end", () -> !rescan.active());

      assertThat(runs.get()).isGreaterThanOrEqualTo(2);
      int atTheEnd = runs.get();
      rescan.trigger();
      await("a run in the window a second trigger opened", () -> runs.get() > atTheEnd);
    }
  }

  @Test
  void closeStopsTheThreadAndALaterTriggerRunsNothing() {
    AtomicInteger runs = new AtomicInteger();
    NvmeRescan rescan = new NvmeRescan(runs::incrementAndGet, Duration.ofSeconds(60), INTERVAL);
    rescan.trigger();
    await("a first run", () -> runs.get() > 0);

    rescan.close();
    int atClose = runs.get();
    rescan.trigger();

    assertThat(rescan.threads()).isNotEmpty().noneMatch(Thread::isAlive);
    assertThat(rescan.active()).isFalse();
    witnessSeveralIntervals();
    assertThat(runs).hasValue(atClose);
  }
}
