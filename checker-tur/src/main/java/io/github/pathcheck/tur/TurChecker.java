package io.github.pathcheck.tur;

import io.github.pathcheck.api.AbstractChecker;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.PathState;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tur checker for one path; the behaviour is described on {@link TurCheckerProvider}. Its probe blocks on
 * the calling thread until the device answers.
 */
final class TurChecker extends AbstractChecker {
  private static final Logger logger = LoggerFactory.getLogger(TurChecker.class);

  /** The check itself failed: the native layer could not be used, or the transport threw. */
  static final CheckResult FAILED = CheckResult.of(PathState.UNCHECKED, TurMessages.FAILED_TO_INITIALIZE);

  private final SgTransport transport;
  private final Duration timeout;
  private final long timeoutNanos;
  private final LongSupplier nanoTime;

  private boolean transitioning; // whether the last check answered transitioning; calls are serialised

  TurChecker(
      TurCheckerClass owner, PathDevice device, Duration timeout, SgTransport transport, LongSupplier nanoTime) {
    super(owner, device);
    this.transport = transport;
    this.timeout = timeout;
    this.timeoutNanos = timeout.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * Sends TEST UNIT READY, retried as {@link TurDecoder} asks, each attempt with the checker timeout as its
   * command timeout. No attempt is started once the checker timeout has passed since the check began. A
   * failure of the check itself is {@link #FAILED}, logged.
   */
  @Override
  protected CheckResult probe() {
    long start = nanoTime.getAsLong();
    CheckResult answer;
    try {
      answer = TurCommand.run(transport, device(), timeout, () -> nanoTime.getAsLong() - start > timeoutNanos);
    } catch (RuntimeException | LinkageError e) {
      logger.error("tur check of {} failed; answering unchecked", device().path(), e);
      answer = FAILED;
    }
    transitioning = answer.equals(TurDecoder.TRANSITIONING);
    return answer;
  }

  /**
   * Answers a transitioning path's {@code pending()}, the one call the protocol allows after a {@link
   * PathState#PENDING} answer: transitioning again, without asking the device. After any other answer there is
   * nothing to collect.
   */
  @Override
  protected CheckResult poll() {
    return transitioning ? TurDecoder.TRANSITIONING : super.poll();
  }
}
