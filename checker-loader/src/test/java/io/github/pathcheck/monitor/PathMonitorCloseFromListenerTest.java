package io.github.pathcheck.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.fixtures.FakeDevice;
import io.github.pathcheck.loader.CheckerRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A listener of a round run by a host thread closes the monitor while the monitor's own thread waits for that
 * round to end: close must not wait for the monitor's thread, which waits for it.
 */
class PathMonitorCloseFromListenerTest {
  private static final String THREAD = "pathcheck-monitor-close-from-listener";
  private static final long HANG_SECONDS = 30;

  @Test
  void closeFromTheListenerOfAHostRoundReturnsWhileTheLoopThreadWaits() throws Exception {
    CountDownLatch inListener = new CountDownLatch(1);
    AtomicReference<PathMonitor> monitorRef = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try (CheckerRegistry registry = CheckerRegistry.builder().build()) {
      PathMonitor monitor =
          PathMonitor.builder(registry)
              .checkInterval(Duration.ofMillis(1))
              .pendingPollInterval(Duration.ofMillis(1))
              // The none checker's check runs on its pool: the host's one round must wait for its answer, so
              // that the listener is called in that round.
              .sharedWait(Duration.ofSeconds(HANG_SECONDS))
              .threadName(THREAD)
              .listener(
                  (from, to) -> {
                    inListener.countDown();
                    awaitLoopThreadWaitingForTheRound();
                    monitorRef.get().close();
                  })
              .build();
      monitorRef.set(monitor);
      monitor.add(new FakeDevice(Path.of("/dev/cfl"), 3), "none", CheckerOptions.defaults());
      Thread host =
          new Thread(
              () -> {
                try {
                  monitor.runOnce();
                } catch (Throwable t) {
                  failure.set(t);
                }
              },
              "host-round");
      host.start();
      assertThat(inListener.await(30, TimeUnit.SECONDS)).isTrue();
      monitor.start();
      host.join(TimeUnit.SECONDS.toMillis(30)); // bounded only to report a hang instead of hanging
      assertThat(host.isAlive()).as("close() from the listener returned").isFalse();
      assertThat(failure.get()).isNull();
      assertThat(monitor.snapshot()).isEmpty();
      Thread loop = loopThread();
      if (loop != null) {
        loop.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(loop.isAlive()).as("the monitor's thread ended").isFalse();
      }
    }
  }

  /** Waits until the monitor's thread is parked waiting for the round lock the listener's round holds. */
  private static void awaitLoopThreadWaitingForTheRound() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Thread loop = loopThread();
      if (loop != null
          && loop.getState() == Thread.State.WAITING
          && Arrays.stream(loop.getStackTrace())
              .anyMatch(frame -> frame.getMethodName().equals("lock"))) {
        return;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("the monitor's thread never waited for the round lock");
  }

  private static Thread loopThread() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(THREAD))
        .findFirst()
        .orElse(null);
  }
}
