package io.github.pathcheck.tur;

import io.github.pathcheck.api.PathDevice;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One asynchronous tur check and the thread-side state it owns (multipath's per-thread context): the command
 * runs on the worker's thread, and its answer is published here for the checker to collect.
 *
 * <p>A worker is never cancelled: a thread blocked in {@code ioctl} cannot be. A checker that stops waiting for
 * it {@linkplain #abandon() abandons} it: the answer is then dropped, no further attempt is made, and the
 * worker releases what it holds (its class's record of it) when the command finally returns.
 */
final class TurWorker implements Runnable {
  private static final Logger logger = LoggerFactory.getLogger(TurWorker.class);

  private final TurCheckerClass owner;
  private final SgTransport transport;
  private final PathDevice device;
  private final Duration timeout;

  private volatile TurAnswer answer; // null until the command returned
  private volatile boolean abandoned;

  TurWorker(TurCheckerClass owner, SgTransport transport, PathDevice device, Duration timeout) {
    this.owner = owner;
    this.transport = transport;
    this.device = device;
    this.timeout = timeout;
  }

  @Override
  public void run() {
    TurAnswer result = TurAnswer.FAILED;
    try {
      result = TurCommand.run(transport, device, timeout, () -> abandoned);
    } catch (RuntimeException | LinkageError e) {
      logger.error("tur check of {} failed; answering unchecked", device.path(), e);
    } finally {
      answer = result; // also when an Error escapes: the checker must not wait for this worker forever
      owner.workerEnded(this);
    }
  }

  /** Returns the answer once the command has returned, or null while it runs. */
  TurAnswer answer() {
    return answer;
  }

  /** Tells the worker nobody waits for its answer any more. */
  void abandon() {
    abandoned = true;
  }

  PathDevice device() {
    return device;
  }

  @Override
  public String toString() {
    return "tur worker for " + device.path() + (answer == null ? " (running)" : " (" + answer + ")");
  }
}
