package io.github.pathcheck.vendors;

import io.github.pathcheck.nativeio.SgIoResult;

/** Answers a SCSI device gives, built from the layouts of SAM and SPC. */
final class Sg {
  static final int CHECK_CONDITION = 0x02;

  private Sg() {}

  /** GOOD status with {@code data} read. */
  static SgIoResult good(byte... data) {
    return SgIoResult.completed(0, 0, 0, 0, new byte[0], data, 1);
  }

  /** CHECK CONDITION with fixed-format sense data (response code 0x70). */
  static SgIoResult checkCondition(int key, int asc, int ascq) {
    byte[] sense = new byte[18];
    sense[0] = 0x70;
    sense[2] = (byte) key;
    sense[7] = 10;
    sense[12] = (byte) asc;
    sense[13] = (byte) ascq;
    return SgIoResult.completed(CHECK_CONDITION, 0, 0x08, 1, sense, 1);
  }

  /** CHECK CONDITION with descriptor-format sense data (response code 0x72) and {@code data} read. */
  static SgIoResult descriptorSense(int key, int asc, int ascq, byte... data) {
    byte[] sense = {0x72, (byte) key, (byte) asc, (byte) ascq, 0, 0, 0, 0};
    return SgIoResult.completed(CHECK_CONDITION, 0, 0x08, 1, sense, data, 1);
  }

  /** A transport problem: host status {@code hostStatus}, no sense. */
  static SgIoResult hostStatus(int hostStatus) {
    return SgIoResult.completed(0, hostStatus, 0, 1, new byte[0], 1);
  }

  /** The ioctl failed with {@code errno}. */
  static SgIoResult errno(int errno) {
    return SgIoResult.ioctlFailed(errno);
  }
}
