package io.github.pathcheck.vendors;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.nativeio.SgIoResult;
import io.github.pathcheck.nativeio.scsi.SenseData;
import java.util.Arrays;

/**
 * Reads emc_clariion's answers as multipath-tools does: the INQUIRY of vendor VPD page 0xC0 (the path unit
 * report, 128 bytes) and, on the active path, a READ(10) of LBA 0. Stateless.
 *
 * <p>A device without SCSI commands ({@link ScsiAnswers#unsupported}), or one that refuses the INQUIRY with
 * ILLEGAL REQUEST ({@link ScsiAnswers#refusedInquiry}: not a CLARiiON, such as a LIO LUN), is wild, " doesn't
 * support this device"; any other failed INQUIRY is down, {@link #QUERY_FAILED}.
 *
 * <p>The page, in this order:
 *
 * <ol>
 *   <li>byte 1 must be 0xC0 and byte 9 must be 0, else down, {@link #UNKNOWN_FORMAT} (also for fewer than 49
 *       bytes);
 *   <li>byte 27 (failover mode) must be 3, else down, {@link #FAILOVER_MODE};
 *   <li>{@code byte 28 & 7} must be 4 or 6, else down, {@link #LUN_MODE};
 *   <li>bit 2 of byte 30 (arraycommpath) must be set, else down, {@link #ARRAYCOMMPATH};
 *   <li>byte 48 non-zero: shaky, {@link #NOT_AVAILABLE};
 *   <li>byte 4 of 0: down, {@link #UNBOUND} (an unbound LUN, "LUNZ");
 *   <li>bytes 10-25 are the logical unit's WWN ({@link #wwn}); byte 4 of 2 says this path is the active one
 *       ({@link #active}).
 * </ol>
 *
 * <p>The messages are pathcheck's, after the facts multipath reports.
 */
final class EmcDecoder {
  static final String QUERY_FAILED = " sending query command failed";
  static final String UNKNOWN_FORMAT = " path unit report page in unknown format";
  static final String FAILOVER_MODE = " path not correctly configured for failover: failover mode is not 3";
  static final String LUN_MODE = " path not correctly configured for failover: neither PNR nor ALUA mode";
  static final String ARRAYCOMMPATH = " path not correctly configured for failover: arraycommpath is not set";
  static final String NOT_AVAILABLE = " path not available for normal operations";
  static final String UNBOUND = " logical unit is unbound or LUNZ";
  static final String WWN_CHANGED = " logical unit WWN has changed";
  static final String ACTIVE_UP = " active path is healthy";
  static final String ACTIVE_DOWN = " active path needs to be failed";
  static final String PASSIVE_UP = " passive path is healthy";
  static final String INACTIVE_SNAPSHOT = " logical unit is an inactive snapshot";

  static final int PAGE = 0xc0;
  static final int MIN_LENGTH = 49;

  private EmcDecoder() {}

  /**
   * Decodes the INQUIRY's final answer and the page it read: a final answer, or null when the page reports a
   * healthy bound logical unit and the check goes on with {@link #wwn} and {@link #active}.
   */
  static CheckResult decodeInquiry(SgIoResult inquiry) {
    if (ScsiAnswers.unsupported(inquiry) || ScsiAnswers.refusedInquiry(inquiry)) {
      return CheckResult.UNSUPPORTED_DEVICE;
    }
    if (!ScsiAnswers.succeeded(inquiry)) {
      return CheckResult.of(PathState.DOWN, QUERY_FAILED);
    }
    return decodePage(inquiry.data());
  }

  /** Decodes the page's checks, 1 to 6 above: a final answer, or null. */
  static CheckResult decodePage(byte[] page) {
    if (page.length < MIN_LENGTH || ScsiAnswers.u8(page, 1) != PAGE || ScsiAnswers.u8(page, 9) != 0) {
      return CheckResult.of(PathState.DOWN, UNKNOWN_FORMAT);
    }
    if (ScsiAnswers.u8(page, 27) != 3) {
      return CheckResult.of(PathState.DOWN, FAILOVER_MODE);
    }
    int lunMode = ScsiAnswers.u8(page, 28) & 0x7;
    if (lunMode != 4 && lunMode != 6) {
      return CheckResult.of(PathState.DOWN, LUN_MODE);
    }
    if ((ScsiAnswers.u8(page, 30) & 0x04) == 0) {
      return CheckResult.of(PathState.DOWN, ARRAYCOMMPATH);
    }
    if (ScsiAnswers.u8(page, 48) != 0) {
      return CheckResult.of(PathState.SHAKY, NOT_AVAILABLE);
    }
    if (ScsiAnswers.u8(page, 4) == 0) {
      return CheckResult.of(PathState.DOWN, UNBOUND);
    }
    return null;
  }

  /** Returns the logical unit's WWN, bytes 10 to 25 of the page. */
  static byte[] wwn(byte[] page) {
    return Arrays.copyOfRange(page, 10, 26);
  }

  /** Returns whether the page says this path is the active one (byte 4 is 2). */
  static boolean active(byte[] page) {
    return ScsiAnswers.u8(page, 4) == 2;
  }

  /** Returns whether the active path's read failed with ILLEGAL REQUEST 25/01: an inactive snapshot. */
  static boolean inactiveSnapshot(SgIoResult read) {
    return !read.isIoctlFailed()
        && !ScsiAnswers.succeeded(read)
        && SenseData.of(read.sense()).is(SenseData.ILLEGAL_REQUEST, 0x25, 0x01);
  }

  /** Decodes the active path's read: up when it succeeded, else down (an inactive snapshot says so). */
  static CheckResult decodeRead(SgIoResult read) {
    if (ScsiAnswers.succeeded(read)) {
      return CheckResult.of(PathState.UP, ACTIVE_UP);
    }
    return CheckResult.of(PathState.DOWN, inactiveSnapshot(read) ? INACTIVE_SNAPSHOT : ACTIVE_DOWN);
  }

  /** Decodes a passive path: down while the map's logical unit is an inactive snapshot, else up. */
  static CheckResult decodePassive(boolean inactiveSnapshot) {
    return inactiveSnapshot
        ? CheckResult.of(PathState.DOWN, INACTIVE_SNAPSHOT)
        : CheckResult.of(PathState.UP, PASSIVE_UP);
  }
}
