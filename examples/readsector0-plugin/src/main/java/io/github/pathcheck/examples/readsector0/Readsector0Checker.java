package io.github.pathcheck.examples.readsector0;

import io.github.pathcheck.api.AbstractChecker;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.nativeio.SgIoResult;
import java.time.Duration;
import java.util.function.LongSupplier;

/** A readsector0 checker for one path; see {@link Readsector0CheckerProvider}. */
final class Readsector0Checker extends AbstractChecker {
  /** The check itself failed: the host's native layer could not be used, or the read threw. */
  static final CheckResult FAILED = CheckResult.UNCHECKED;

  private final SgRead read;
  private final Duration timeout;
  private final long timeoutNanos;
  private final LongSupplier nanoTime;

  Readsector0Checker(
      Readsector0CheckerClass owner, PathDevice device, Duration timeout, SgRead read, LongSupplier nanoTime) {
    super(owner, device);
    this.read = read;
    this.timeout = timeout;
    this.timeoutNanos = timeout.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * Reads sector 0 with READ(10), each attempt with the checker timeout as its command timeout; no further
   * attempt once the checker timeout has passed since the check began (the last answer is then final).
   */
  @Override
  protected CheckResult probe() {
    long start = nanoTime.getAsLong();
    try {
      int attempts = 0;
      while (true) {
        SgIoResult result = read.readSector0(device(), timeout);
        if (!(result.isIoctlFailed() && result.errno() == Readsector0Decoder.EINTR)) {
          attempts++;
        }
        boolean inTime = nanoTime.getAsLong() - start <= timeoutNanos;
        CheckResult answer = Readsector0Decoder.decode(result, inTime && attempts < Readsector0Decoder.MAX_ATTEMPTS);
        if (answer != null) {
          return answer;
        }
        if (!inTime) {
          return CheckResult.DOWN;
        }
      }
    } catch (RuntimeException | LinkageError e) {
      return FAILED;
    }
  }
}
