package io.github.pathcheck.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the shutdown hook does, run directly through {@link ShutdownSignal#onShutdown()} on a signal whose hook
 * is not installed: it asks the command to stop, and cleans up itself only if the command never says it has.
 */
class ShutdownSignalTest {
  private final AtomicInteger fallbacks = new AtomicInteger();

  @Test
  void whenTheCommandNeverClosesTheHookRunsTheFallbackOnce() {
    ShutdownSignal signal = new ShutdownSignal("test-hook", fallbacks::incrementAndGet, Duration.ofMillis(1));

    signal.onShutdown();

    assertThat(signal.isStopRequested()).isTrue();
    assertThat(fallbacks).hasValue(1);
  }

  @Test
  @Timeout(60) // a hook that waited out its bound of an hour would fail here, and also run the fallback
  void whenTheCommandClosedFirstTheHookReturnsWithoutTheFallback() {
    ShutdownSignal signal = new ShutdownSignal("test-hook", fallbacks::incrementAndGet, Duration.ofHours(1));
    signal.close();

    signal.onShutdown();

    assertThat(fallbacks).hasValue(0);
  }

  @Test
  @Timeout(60)
  void whenTheCommandClosesWhileTheHookWaitsTheHookReturnsWithoutTheFallback() throws Exception {
    ShutdownSignal signal = new ShutdownSignal("test-hook", fallbacks::incrementAndGet, Duration.ofHours(1));
    Thread hook = new Thread(signal::onShutdown, "test-hook");
    hook.start();
    try {
      assertThat(signal.awaitStop(Duration.ofSeconds(30))).as("the hook asked the command to stop").isTrue();

      signal.close(); // the command has cleaned up

      hook.join(Duration.ofSeconds(30).toMillis());
      assertThat(hook.isAlive()).as("the hook still waits").isFalse();
    } finally {
      hook.interrupt();
      hook.join();
    }
    assertThat(fallbacks).hasValue(0);
  }
}
