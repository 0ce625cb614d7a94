package io.github.pathcheck.vendors;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.nativeio.SgIoResult;

/**
 * Reads hp_sw's two answers as multipath-tools does: INQUIRY of VPD page 0x80 (unit serial number), then TEST
 * UNIT READY. Stateless.
 *
 * <ul>
 *   <li>either command on a device without SCSI commands ({@link ScsiAnswers#unsupported}), or the INQUIRY
 *       refused with ILLEGAL REQUEST ({@link ScsiAnswers#refusedInquiry}: no page 0x80, or a LUN the target does
 *       not map): wild, " doesn't support this device";
 *   <li>INQUIRY failed: down (the path does not answer at all);
 *   <li>TEST UNIT READY failed: ghost (a standby controller answers INQUIRY but NOT READY to TEST UNIT READY);
 *   <li>both succeeded: up.
 * </ul>
 */
final class HpSwDecoder {
  private HpSwDecoder() {}

  /** Decodes the INQUIRY's answer: a final answer, or null when TEST UNIT READY is to be sent. */
  static CheckResult decodeInquiry(SgIoResult inquiry) {
    if (ScsiAnswers.unsupported(inquiry) || ScsiAnswers.refusedInquiry(inquiry)) {
      return CheckResult.UNSUPPORTED_DEVICE;
    }
    return ScsiAnswers.succeeded(inquiry) ? null : CheckResult.DOWN;
  }

  /** Decodes TEST UNIT READY's answer, sent after a successful INQUIRY. */
  static CheckResult decodeTestUnitReady(SgIoResult tur) {
    if (ScsiAnswers.unsupported(tur)) {
      return CheckResult.UNSUPPORTED_DEVICE;
    }
    return ScsiAnswers.succeeded(tur) ? CheckResult.UP : CheckResult.GHOST;
  }
}
