package io.github.pathcheck.vendors;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.nativeio.SgIoResult;

/**
 * Reads rdac's answer, the INQUIRY of vendor VPD page 0xC9 (volume access control, 48 bytes), as
 * multipath-tools does. Stateless.
 *
 * <ol>
 *   <li>No SCSI commands on the device ({@link ScsiAnswers#unsupported}), or the INQUIRY refused with ILLEGAL
 *       REQUEST ({@link ScsiAnswers#refusedInquiry}: not an RDAC array, such as a LIO LUN): wild, " doesn't
 *       support this device". The INQUIRY failed, or answered fewer than 13 bytes: down, {@link #INQUIRY_FAILED}.
 *   <li>Byte 0 (peripheral qualifier and device type): {@code (b & 0xE0) == 0x20} or {@code (b & 0x7F) != 0}
 *       is down, {@link #LUN_NOT_CONNECTED}.
 *   <li>If bit 4 of byte 8 says target port group data is present, the low nibble of byte 10 is the port's
 *       asymmetric access state: 0x3 (unavailable) is down with the reason in byte 11 ({@link
 *       #unavailable(int)}); 0xF (transitioning) is down, {@link #TRANSITIONING}, unless the low nibble of byte 12
 *       (the alternate controller's state) is 0xF too.
 *   <li>Bit 0 (this controller owns the volume) or bit 5 (I/O shipping, ALUA) of byte 8: up; otherwise ghost.
 * </ol>
 *
 * <p>The messages are pathcheck's, after the facts multipath reports.
 */
final class RdacDecoder {
  static final String INQUIRY_FAILED = " inquiry failed";
  static final String LUN_NOT_CONNECTED = " reports path is down: LUN not connected";
  static final String TRANSITIONING = " reports path is down: controller is transitioning";

  static final int MIN_LENGTH = 13;

  private RdacDecoder() {}

  /** Decodes the final answer to the INQUIRY. */
  static CheckResult decode(SgIoResult inquiry) {
    if (ScsiAnswers.unsupported(inquiry) || ScsiAnswers.refusedInquiry(inquiry)) {
      return CheckResult.UNSUPPORTED_DEVICE;
    }
    if (!ScsiAnswers.succeeded(inquiry)) {
      return CheckResult.of(PathState.DOWN, INQUIRY_FAILED);
    }
    return decode(inquiry.data());
  }

  /** Decodes the bytes of VPD page 0xC9. */
  static CheckResult decode(byte[] page) {
    if (page.length < MIN_LENGTH) {
      return CheckResult.of(PathState.DOWN, INQUIRY_FAILED);
    }
    int peripheral = ScsiAnswers.u8(page, 0);
    if ((peripheral & 0xe0) == 0x20 || (peripheral & 0x7f) != 0) {
      return CheckResult.of(PathState.DOWN, LUN_NOT_CONNECTED);
    }
    int flags = ScsiAnswers.u8(page, 8);
    if ((flags & 0x10) != 0) {
      int state = ScsiAnswers.u8(page, 10) & 0x0f;
      if (state == 0x3) {
        return CheckResult.of(PathState.DOWN, unavailable(ScsiAnswers.u8(page, 11)));
      }
      if (state == 0xf && (ScsiAnswers.u8(page, 12) & 0x0f) != 0xf) {
        return CheckResult.of(PathState.DOWN, TRANSITIONING);
      }
    }
    return (flags & 0x01) != 0 || (flags & 0x20) != 0 ? CheckResult.UP : CheckResult.GHOST;
  }

  /** The message of an unavailable port, from the reason code in byte 11. */
  static String unavailable(int reason) {
    switch (reason) {
      case 2:
        return " reports path is down: controller is non-responsive";
      case 3:
        return " reports path is down: controller is in reset";
      case 4:
      case 5:
        return " reports path is down: controller firmware is downloading";
      case 6:
        return " reports path is down: controller is quiesced";
      case 7:
        return " reports path is down: controller is in service mode";
      default:
        return " reports path is down: controller is unavailable";
    }
  }
}
