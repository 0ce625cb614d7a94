package io.github.pathcheck.vendors;

import io.github.pathcheck.nativeio.SgIoResult;
import io.github.pathcheck.nativeio.scsi.HostStatus;
import io.github.pathcheck.nativeio.scsi.SenseData;

/** How the vendor checkers classify one SCSI answer. Stateless. */
final class ScsiAnswers {
  static final int ENOTTY = 25;
  static final int EINVAL = 22;

  private ScsiAnswers() {}

  /**
   * Returns whether the device takes no SCSI commands: the ioctl failed with {@code ENOTTY} (a file, a driver
   * without SG_IO) or with the {@code EINVAL} Linux's loop driver answers instead, as tur decides.
   */
  static boolean unsupported(SgIoResult result) {
    return result.isIoctlFailed() && (result.errno() == ENOTTY || result.errno() == EINVAL);
  }

  /**
   * Returns whether the device refused a vendor or VPD INQUIRY as unsupported: CHECK CONDITION with sense key
   * ILLEGAL REQUEST (an unknown page, or a logical unit the target does not have). A device that answers so is not
   * one the checker knows, as multipath's vendor checkers answer on LIO: wild.
   */
  static boolean refusedInquiry(SgIoResult result) {
    return !result.isIoctlFailed()
        && !succeeded(result)
        && result.hostStatus() == HostStatus.DID_OK
        && SenseData.of(result.sense()).key() == SenseData.ILLEGAL_REQUEST;
  }

  /**
   * Returns whether the command succeeded: the ioctl returned, and either no problem was reported ({@code info &
   * SG_INFO_OK_MASK == 0}) or the only problem is sense key RECOVERED ERROR with host status {@code DID_OK}.
   */
  static boolean succeeded(SgIoResult result) {
    if (result.isIoctlFailed()) {
      return false;
    }
    if ((result.info() & SgIoResult.SG_INFO_OK_MASK) == 0) {
      return true;
    }
    return result.hostStatus() == HostStatus.DID_OK
        && SenseData.of(result.sense()).key() == SenseData.RECOVERED_ERROR;
  }

  /**
   * Returns whether the host status is a transport hiccup worth another attempt: {@code DID_BUS_BUSY}, {@code
   * DID_ERROR}, {@code DID_SOFT_ERROR} or {@code DID_TRANSPORT_DISRUPTED}.
   */
  static boolean transientHostStatus(SgIoResult result) {
    if (result.isIoctlFailed()) {
      return false;
    }
    switch (result.hostStatus()) {
      case HostStatus.DID_BUS_BUSY:
      case HostStatus.DID_ERROR:
      case HostStatus.DID_SOFT_ERROR:
      case HostStatus.DID_TRANSPORT_DISRUPTED:
        return true;
      default:
        return false;
    }
  }

  /** Returns byte {@code index} of {@code data} as 0..255, or 0 past its end. */
  static int u8(byte[] data, int index) {
    return index < data.length ? data[index] & 0xff : 0;
  }
}
