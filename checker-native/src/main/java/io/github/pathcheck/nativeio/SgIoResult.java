package io.github.pathcheck.nativeio;

import java.util.Arrays;

/**
 * The answer to one SCSI command sent with {@code SG_IO}: either the errno of a failed {@code ioctl(2)}, or the
 * completed {@code struct sg_io_hdr}'s status fields and the sense data the kernel wrote.
 *
 * <p>An immutable value, safe to share between threads. When {@link #isIoctlFailed()} is true every status
 * field is 0 and the sense data is empty.
 */
public final class SgIoResult {
  /** {@code SG_INFO_OK_MASK}: the bit of {@link #info()} that is set when the command reported a problem. */
  public static final int SG_INFO_OK_MASK = 0x1;

  private static final byte[] NO_SENSE = new byte[0];

  private final int errno;
  private final int status;
  private final int maskedStatus;
  private final int hostStatus;
  private final int driverStatus;
  private final int info;
  private final byte[] sense;
  private final byte[] data;
  private final int durationMillis;

  private SgIoResult(
      int errno,
      int status,
      int maskedStatus,
      int hostStatus,
      int driverStatus,
      int info,
      byte[] sense,
      byte[] data,
      int durationMillis) {
    this.errno = errno;
    this.status = status;
    this.maskedStatus = maskedStatus;
    this.hostStatus = hostStatus;
    this.driverStatus = driverStatus;
    this.info = info;
    this.sense = sense;
    this.data = data;
    this.durationMillis = durationMillis;
  }

  /**
   * Returns the result of an {@code ioctl(SG_IO)} that failed with {@code errno}, such as {@code ENOTTY} (25)
   * from a device that does not implement SG_IO.
   *
   * @throws IllegalArgumentException if {@code errno} is not positive
   */
  public static SgIoResult ioctlFailed(int errno) {
    if (errno <= 0) {
      throw new IllegalArgumentException("errno must be positive, got " + errno);
    }
    return new SgIoResult(errno, 0, 0, 0, 0, 0, NO_SENSE, NO_SENSE, 0);
  }

  /**
   * Returns the result of a command the kernel completed: the fields of {@code struct sg_io_hdr} after {@code
   * SG_IO} returned 0. {@code masked_status} is derived from {@code status} as the kernel does ({@code
   * (status >> 1) & 0x7f}).
   *
   * @param status the SCSI status byte, such as 0 (GOOD), 2 (CHECK CONDITION) or 0x18 (RESERVATION CONFLICT)
   * @param hostStatus the host adapter status ({@code DID_*}), such as 0 (DID_OK)
   * @param driverStatus the driver status ({@code DRIVER_*})
   * @param info the {@code info} bits; {@link #SG_INFO_OK_MASK} set means the command reported a problem
   * @param sense the sense bytes the kernel wrote ({@code sb_len_wr} of them), copied; at most 255
   * @param durationMillis the time the command took, as the kernel measured it
   * @throws IllegalArgumentException if a field is out of its C type's range
   */
  public static SgIoResult completed(
      int status, int hostStatus, int driverStatus, int info, byte[] sense, int durationMillis) {
    return completed(status, (status >> 1) & 0x7f, hostStatus, driverStatus, info, sense, NO_SENSE, durationMillis);
  }

  /**
   * Returns the result of a command the kernel completed that read data from the device: as {@link
   * #completed(int, int, int, int, byte[], int)}, with {@code data} the bytes the device sent (the transfer
   * length less the residual count), copied.
   */
  public static SgIoResult completed(
      int status, int hostStatus, int driverStatus, int info, byte[] sense, byte[] data, int durationMillis) {
    return completed(status, (status >> 1) & 0x7f, hostStatus, driverStatus, info, sense, data, durationMillis);
  }

  static SgIoResult completed(
      int status,
      int maskedStatus,
      int hostStatus,
      int driverStatus,
      int info,
      byte[] sense,
      byte[] data,
      int durationMillis) {
    checkRange("status", status, 0xff);
    checkRange("masked_status", maskedStatus, 0xff);
    checkRange("host_status", hostStatus, 0xffff);
    checkRange("driver_status", driverStatus, 0xffff);
    checkRange("sense length", sense.length, 0xff);
    return new SgIoResult(
        0,
        status,
        maskedStatus,
        hostStatus,
        driverStatus,
        info,
        sense.length == 0 ? NO_SENSE : sense.clone(),
        data.length == 0 ? NO_SENSE : data.clone(),
        durationMillis);
  }

  private static void checkRange(String field, int value, int max) {
    if (value < 0 || value > max) {
      throw new IllegalArgumentException(field + " must be in 0.." + max + ", got " + value);
    }
  }

  /** Returns whether {@code ioctl(SG_IO)} itself failed; then {@link #errno()} says why. */
  public boolean isIoctlFailed() {
    return errno != 0;
  }

  /** Returns the errno of the failed ioctl, or 0 when the kernel completed the command. */
  public int errno() {
    return errno;
  }

  /** Returns the errno's symbolic name, such as {@code "ENOTTY"}, or {@code "none"} when the ioctl succeeded. */
  public String errnoName() {
    return errno == 0 ? "none" : Errno.name(errno);
  }

  /** Returns the SCSI status byte ({@code status}). */
  public int status() {
    return status;
  }

  /** Returns the shifted SCSI status ({@code masked_status}). */
  public int maskedStatus() {
    return maskedStatus;
  }

  /** Returns the host adapter status ({@code host_status}, a {@code DID_*} code). */
  public int hostStatus() {
    return hostStatus;
  }

  /** Returns the driver status ({@code driver_status}). */
  public int driverStatus() {
    return driverStatus;
  }

  /** Returns the {@code info} bits; see {@link #SG_INFO_OK_MASK}. */
  public int info() {
    return info;
  }

  /** Returns {@code sb_len_wr}: how many sense bytes the kernel wrote. */
  public int senseLength() {
    return sense.length;
  }

  /** Returns a copy of the sense bytes the kernel wrote, exactly {@link #senseLength()} of them. */
  public byte[] sense() {
    return sense.clone();
  }

  /**
   * Returns a copy of the data the device sent, as far as the kernel reported it transferred; empty for a
   * command without data from the device, and for a failed ioctl.
   */
  public byte[] data() {
    return data.clone();
  }

  /** Returns the time the command took, in milliseconds, as the kernel measured it ({@code duration}). */
  public int durationMillis() {
    return durationMillis;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SgIoResult)) {
      return false;
    }
    SgIoResult that = (SgIoResult) o;
    return errno == that.errno
        && status == that.status
        && maskedStatus == that.maskedStatus
        && hostStatus == that.hostStatus
        && driverStatus == that.driverStatus
        && info == that.info
        && durationMillis == that.durationMillis
        && Arrays.equals(sense, that.sense)
        && Arrays.equals(data, that.data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(sense) + Arrays.hashCode(data))
        + java.util.Objects.hash(
            errno, status, maskedStatus, hostStatus, driverStatus, info, durationMillis);
  }

  @Override
  public String toString() {
    if (isIoctlFailed()) {
      return "SgIoResult{ioctl failed: " + errnoName() + "}";
    }
    StringBuilder hex = new StringBuilder();
    for (byte b : sense) {
      hex.append(String.format("%02x", b & 0xff));
    }
    return String.format(
        "SgIoResult{status=0x%02x, host_status=0x%02x, driver_status=0x%02x, info=0x%x, sense=[%s], %s%d ms}",
        status, hostStatus, driverStatus, info, hex, data.length == 0 ? "" : data.length + " data bytes, ",
        durationMillis);
  }
}
