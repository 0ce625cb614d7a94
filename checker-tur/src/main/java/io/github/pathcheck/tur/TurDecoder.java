package io.github.pathcheck.tur;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.CheckerMessages;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.nativeio.Errno;
import io.github.pathcheck.nativeio.SgIoResult;
import io.github.pathcheck.nativeio.scsi.HostStatus;
import io.github.pathcheck.nativeio.scsi.SenseData;

/**
 * Turns the answer to TEST UNIT READY into a path state, as multipath-tools' tur checker does, from SPC/SAM,
 * reading sense data and host status through checker-native's SCSI layer ({@link SenseData}, {@link HostStatus}):
 *
 * <ol>
 *   <li>The ioctl failed: {@code ENOTTY} (no SG_IO here) is {@link CheckResult#UNSUPPORTED_DEVICE} (wild,
 *       " doesn't support this device"). So is {@code EINVAL}, which multipath answers down: Linux's loop driver answers
 *       every ioctl it does not know with EINVAL instead of ENOTTY, and the kernel's SG_IO itself returns EINVAL
 *       only for a malformed header, which this checker never sends. Any other errno is down.
 *   <li>SCSI status RESERVATION CONFLICT ({@code status & 0x7e == 0x18}) is up: SCSI-3 arrays answer TEST UNIT
 *       READY that way on a path reserved by another host.
 *   <li>No problem reported ({@code info & SG_INFO_OK_MASK == 0}) is up.
 *   <li>Otherwise: a host status other than {@code DID_OK}, {@code DID_NO_CONNECT}, {@code DID_BAD_TARGET},
 *       {@code DID_ABORT} and {@code DID_TRANSPORT_FAILFAST} is retried. Then the sense data, read only as far as
 *       the kernel wrote it ({@code sb_len_wr}, at least 4 bytes), in descriptor format (response code 0x72 or
 *       0x73: key, ASC and ASCQ in bytes 1-3) or fixed format (0x70 or 0x71, at least 14 bytes: key in byte 2,
 *       ASC and ASCQ in bytes 12-13): UNIT ATTENTION is retried; NOT READY 04/0B (target port in standby) is
 *       ghost; NOT READY 04/0A (asymmetric access state transition) is pending with " reports path is
 *       transitioning"; ILLEGAL REQUEST 25/00 (logical unit not supported: unmapped at the target) is
 *       disconnected with " no access to this device"; anything else is down.
 * </ol>
 *
 * <p><b>Retries.</b> A command gets {@link #MAX_ATTEMPTS} attempts in all, shared by both retry reasons. On the
 * last attempt nothing is retried: a bad host status falls through to the sense data (so a last answer with
 * standby sense is still ghost), and UNIT ATTENTION falls through to down, as in multipath.
 *
 * <p>Stateless; safe from any thread.
 */
final class TurDecoder {
  /** NOT READY, asymmetric access state transition (04/0A): pending, a final answer. */
  static final CheckResult TRANSITIONING = CheckResult.of(PathState.PENDING, TurMessages.TRANSITIONING);
  /** ILLEGAL REQUEST, logical unit not supported (25/00): the target no longer maps the LUN. */
  static final CheckResult DISCONNECTED = CheckResult.of(PathState.DISCONNECTED, CheckerMessages.NO_ACCESS);

  /** Attempts per check, shared by host-status retries and UNIT ATTENTION retries. */
  static final int MAX_ATTEMPTS = 5;

  static final int STATUS_RESERVATION_CONFLICT = 0x18;

  private TurDecoder() {}

  /**
   * Decodes one attempt's answer.
   *
   * @param retryAllowed whether attempts remain; when false, the answer is always final
   * @return the final answer, or null to ask for another attempt (only when {@code retryAllowed})
   */
  static CheckResult decode(SgIoResult result, boolean retryAllowed) {
    if (result.isIoctlFailed()) {
      int errno = result.errno();
      return errno == Errno.ENOTTY || errno == Errno.EINVAL ? CheckResult.UNSUPPORTED_DEVICE : CheckResult.DOWN;
    }
    if ((result.status() & 0x7e) == STATUS_RESERVATION_CONFLICT) {
      return CheckResult.UP;
    }
    if ((result.info() & SgIoResult.SG_INFO_OK_MASK) == 0) {
      return CheckResult.UP;
    }
    if (retryAllowed && isTransientHostStatus(result.hostStatus())) {
      return null;
    }
    SenseData sense = SenseData.of(result.sense());
    switch (sense.key()) {
      case SenseData.UNIT_ATTENTION:
        return retryAllowed ? null : CheckResult.DOWN;
      case SenseData.NOT_READY:
        if (sense.is(SenseData.NOT_READY, 0x04, 0x0b)) {
          return CheckResult.GHOST;
        }
        if (sense.is(SenseData.NOT_READY, 0x04, 0x0a)) {
          return TRANSITIONING;
        }
        return CheckResult.DOWN;
      case SenseData.ILLEGAL_REQUEST:
        return sense.is(SenseData.ILLEGAL_REQUEST, 0x25, 0x00) ? DISCONNECTED : CheckResult.DOWN;
      default:
        return CheckResult.DOWN;
    }
  }

  /** Host statuses that do not say the path or device is gone: driver and transport hiccups, worth a retry. */
  private static boolean isTransientHostStatus(int hostStatus) {
    switch (hostStatus) {
      case HostStatus.DID_OK:
      case HostStatus.DID_NO_CONNECT:
      case HostStatus.DID_BAD_TARGET:
      case HostStatus.DID_ABORT:
      case HostStatus.DID_TRANSPORT_FAILFAST:
        return false;
      default:
        return true;
    }
  }
}
