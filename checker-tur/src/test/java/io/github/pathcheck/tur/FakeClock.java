package io.github.pathcheck.tur;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A monotonic clock that moves only when a test moves it. */
final class FakeClock {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  long nanoTime() {
    return nanos.get();
  }

  void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }
}
