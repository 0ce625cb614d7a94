package io.github.pathcheck.tur;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.nativeio.SgIoResult;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * One tur check: TEST UNIT READY sent up to {@link TurDecoder#MAX_ATTEMPTS} times, until {@link TurDecoder}
 * gives a final answer. Runs on the calling thread.
 */
final class TurCommand {
  private TurCommand() {}

  /**
   * Runs the check.
   *
   * @param timeout the command timeout of each attempt
   * @param pastDeadline says whether nobody waits for the answer any more; then no further attempt is made and
   *     the last answer is decoded as final
   */
  static CheckResult run(
      SgTransport transport, PathDevice device, Duration timeout, BooleanSupplier pastDeadline) {
    for (int attempt = 1; ; attempt++) {
      SgIoResult result = transport.testUnitReady(device, timeout);
      boolean retryAllowed = attempt < TurDecoder.MAX_ATTEMPTS;
      CheckResult answer = TurDecoder.decode(result, retryAllowed);
      if (answer != null) {
        return answer;
      }
      if (pastDeadline.getAsBoolean()) {
        return TurDecoder.decode(result, false);
      }
    }
  }
}
