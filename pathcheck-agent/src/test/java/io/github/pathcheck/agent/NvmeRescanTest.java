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

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("%s within %d s", what, BOUND_SECONDS).isNegative();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  private static boolean rescanThreadAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals(NvmeRescan.THREAD_NAME) && t.isAlive());
  }

  @Test
  void nothingRunsUntilATrigger() {
    AtomicInteger runs = new AtomicInteger();
    try (NvmeRescan rescan = new NvmeRescan(runs::incrementAndGet, Duration.ofMillis(500), Duration.ofMillis(10))) {
      assertThat(rescan.active()).isFalse();
    }
    assertThat(runs).hasValue(0);
  }

  @Test
  void aTriggerRediscoversRepeatedlyUntilItsWindowEndsAndAFailureDoesNotStopIt() {
    AtomicInteger runs = new AtomicInteger();
    Runnable failingFirst = () -> {
      if (runs.incrementAndGet() == 1) {
        throw new IllegalStateException("sysfs went away");
      }
    };
    try (NvmeRescan rescan = new NvmeRescan(failingFirst, Duration.ofMillis(500), Duration.ofMillis(10))) {
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
    NvmeRescan rescan = new NvmeRescan(runs::incrementAndGet, Duration.ofSeconds(60), Duration.ofMillis(10));
    rescan.trigger();
    await("a first run", () -> runs.get() > 0);

    rescan.close();
    rescan.trigger();

    assertThat(rescanThreadAlive()).isFalse();
    assertThat(rescan.active()).isFalse();
  }
}
