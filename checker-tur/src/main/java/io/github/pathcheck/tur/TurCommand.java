package io.github.pathcheck.tur;

import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.nativeio.SgIoResult;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * One tur check: TEST UNIT READY sent up to {@link TurDecoder#MAX_ATTEMPTS} times, until {@link TurDecoder}
 * gives a final answer. Runs on the caller's thread (synchronous checks) or a worker's (asynchronous ones).
 */
final class TurCommand {
  private TurCommand() {}

  /**
   * Runs the check.
   *
   * @param abandoned says whether nobody waits for the answer any more (the checker was freed or gave up on
   *     the check); then no further attempt is made, since the host may have closed the device meanwhile
   */
  static TurAnswer run(
      SgTransport transport, PathDevice device, Duration timeout, BooleanSupplier abandoned) {
    for (int attempt = 1; ; attempt++) {
      SgIoResult result = transport.testUnitReady(device, timeout);
      boolean retryAllowed = attempt < TurDecoder.MAX_ATTEMPTS;
      TurAnswer answer = TurDecoder.decode(result, retryAllowed);
      if (answer != null) {
        return answer;
      }
      if (abandoned.getAsBoolean()) {
        return TurDecoder.decode(result, false);
      }
    }
  }
}
