package io.github.pathcheck.examples.readsector0;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.nativeio.SgIoResult;
import io.github.pathcheck.nativeio.scsi.SenseData;

/**
 * Turns the answer to readsector0's READ(10) into a path state, as multipath-tools' readsector0 does. Stateless.
 *
 * <ol>
 *   <li>The ioctl failed: {@code EINTR} is retried; {@code ENOMEM} is up (the kernel could not map the buffer,
 *       which says nothing against the path); anything else is down, {@code ENOTTY} from a file and the loop
 *       driver's {@code EINVAL} included (the device takes no SCSI commands).
 *   <li>No problem reported ({@code info & SG_INFO_OK_MASK == 0}), or only sense key RECOVERED ERROR: up.
 *   <li>UNIT ATTENTION: retried while attempts remain, else down.
 *   <li>Anything else: down.
 * </ol>
 */
final class Readsector0Decoder {
  /** The bytes read: one block at LBA 0 into a buffer of this size. */
  static final int SECTOR0_BYTES = 4096;
  /** Attempts per check for UNIT ATTENTION; EINTR does not count. */
  static final int MAX_ATTEMPTS = 3;

  static final int EINTR = 4;
  static final int ENOMEM = 12;

  private Readsector0Decoder() {}

  /**
   * Decodes one attempt's answer.
   *
   * @param retryAllowed whether UNIT ATTENTION may be retried
   * @return the final answer, or null to ask for another attempt
   */
  static CheckResult decode(SgIoResult result, boolean retryAllowed) {
    if (result.isIoctlFailed()) {
      if (result.errno() == EINTR) {
        return null;
      }
      return result.errno() == ENOMEM ? CheckResult.UP : CheckResult.DOWN;
    }
    if ((result.info() & SgIoResult.SG_INFO_OK_MASK) == 0) {
      return CheckResult.UP;
    }
    int key = SenseData.of(result.sense()).key();
    if (key == SenseData.RECOVERED_ERROR && result.hostStatus() == 0) {
      return CheckResult.UP;
    }
    if (key == SenseData.UNIT_ATTENTION && retryAllowed) {
      return null;
    }
    return CheckResult.DOWN;
  }
}
