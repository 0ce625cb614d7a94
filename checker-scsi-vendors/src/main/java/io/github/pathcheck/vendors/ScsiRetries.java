package io.github.pathcheck.vendors;

import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.nativeio.SgIoResult;
import io.github.pathcheck.nativeio.scsi.ScsiCommand;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** Sends one command, retried while its answer asks for it. Runs on the calling thread. */
final class ScsiRetries {
  /** Attempts per command, as multipath's vendor checkers make. */
  static final int MAX_ATTEMPTS = 5;

  private ScsiRetries() {}

  /**
   * Sends {@code command} up to {@link #MAX_ATTEMPTS} times while {@code retry} holds for the answer; no
   * further attempt once {@code pastDeadline} says the checker timeout has passed. Returns the last answer.
   */
  static SgIoResult send(
      ScsiTransport transport,
      PathDevice device,
      ScsiCommand command,
      Duration timeout,
      Predicate<SgIoResult> retry,
      BooleanSupplier pastDeadline) {
    SgIoResult result = transport.execute(device, command, timeout);
    for (int attempt = 1;
        attempt < MAX_ATTEMPTS && retry.test(result) && !pastDeadline.getAsBoolean();
        attempt++) {
      result = transport.execute(device, command, timeout);
    }
    return result;
  }
}
