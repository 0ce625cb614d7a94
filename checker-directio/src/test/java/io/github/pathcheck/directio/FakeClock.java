package io.github.pathcheck.directio;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A monotonic clock that moves only when told to: the seam tests' time. Thread-safe. */
final class FakeClock implements LongSupplier {
  private long nanos = 1_000_000_000L;

  @Override
  public synchronized long getAsLong() {
    return nanos;
  }

  synchronized void advance(Duration duration) {
    nanos += duration.toNanos();
  }

  synchronized void advanceNanos(long duration) {
    nanos += duration;
  }
}
