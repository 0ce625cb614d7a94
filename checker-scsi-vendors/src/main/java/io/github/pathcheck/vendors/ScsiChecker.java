package io.github.pathcheck.vendors;

import io.github.pathcheck.api.AbstractChecker;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.PathDevice;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A vendor checker for one path: runs its {@link ScsiProbe} on the calling thread. A probe that throws (the
 * native layer could not be used, a bug) answers {@link CheckResult#UNCHECKED}, logged.
 */
final class ScsiChecker extends AbstractChecker {
  private static final Logger logger = LoggerFactory.getLogger(ScsiChecker.class);

  private final ScsiProbe probe;
  private final long timeoutNanos;
  private final LongSupplier nanoTime;
  private final String name;

  ScsiChecker(ScsiCheckerClass owner, PathDevice device, ScsiProbe probe, Duration timeout, LongSupplier nanoTime) {
    super(owner, device);
    this.probe = probe;
    this.timeoutNanos = timeout.toNanos();
    this.nanoTime = nanoTime;
    this.name = owner.name();
  }

  @Override
  protected CheckResult probe() {
    long start = nanoTime.getAsLong();
    try {
      return probe.check(() -> nanoTime.getAsLong() - start > timeoutNanos);
    } catch (RuntimeException | LinkageError e) {
      logger.error("{} check of {} failed; answering unchecked", name, device().path(), e);
      return CheckResult.UNCHECKED;
    }
  }

  @Override
  protected void release() {
    probe.release();
  }
}
