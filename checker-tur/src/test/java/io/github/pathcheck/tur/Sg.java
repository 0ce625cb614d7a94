package io.github.pathcheck.tur;

import io.github.pathcheck.nativeio.SgIoResult;
import java.util.Arrays;

/** Builds the answers a SCSI device gives TEST UNIT READY, byte by byte, as the kernel reports them. */
final class Sg {
  static final int CHECK_CONDITION = 0x02;
  static final int DRIVER_SENSE = 0x08;
  static final int DID_ERROR = 0x07;

  private Sg() {}

  /** GOOD status, nothing to report. */
  static SgIoResult good() {
    return SgIoResult.completed(0, 0, 0, 0, new byte[0], 1);
  }

  /** CHECK CONDITION with {@code sense}, reported as a problem ({@code SG_INFO_CHECK}). */
  static SgIoResult checkCondition(byte[] sense) {
    return SgIoResult.completed(CHECK_CONDITION, 0, DRIVER_SENSE, SgIoResult.SG_INFO_OK_MASK, sense, 1);
  }

  /** A problem with host status {@code hostStatus} and {@code sense}. */
  static SgIoResult hostStatus(int hostStatus, byte[] sense) {
    return SgIoResult.completed(
        sense.length > 0 ? CHECK_CONDITION : 0, hostStatus, 0, SgIoResult.SG_INFO_OK_MASK, sense, 1);
  }

  /** Fixed-format sense (response code 0x70, current error), 18 bytes. */
  static byte[] fixed(int key, int asc, int ascq) {
    return fixed(0x70, key, asc, ascq);
  }

  static byte[] fixed(int responseCode, int key, int asc, int ascq) {
    byte[] sense = new byte[18];
    sense[0] = (byte) responseCode;
    sense[2] = (byte) key;
    sense[7] = 10; // additional sense length
    sense[12] = (byte) asc;
    sense[13] = (byte) ascq;
    return sense;
  }

  /** Descriptor-format sense (response code 0x72, current error), 8 bytes with no descriptors. */
  static byte[] descriptor(int key, int asc, int ascq) {
    return descriptor(0x72, key, asc, ascq);
  }

  static byte[] descriptor(int responseCode, int key, int asc, int ascq) {
    return new byte[] {(byte) responseCode, (byte) key, (byte) asc, (byte) ascq, 0, 0, 0, 0};
  }

  /** The first {@code length} bytes of {@code sense}: what a kernel that wrote only that much reports. */
  static byte[] truncated(byte[] sense, int length) {
    return Arrays.copyOf(sense, length);
  }
}
