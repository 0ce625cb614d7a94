package io.github.pathcheck.nativeio;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import io.github.pathcheck.api.PathDevice;
import java.time.Duration;
import java.util.Objects;

/**
 * SCSI commands through the {@code SG_IO} ioctl ({@code <scsi/sg.h>}, the v3 interface) on an open device:
 * what the tur checker sends.
 *
 * <p>Stateless and safe from any thread. Each call allocates its {@code struct sg_io_hdr}, CDB and sense buffer
 * in one native block, owned by the call and freed before it returns. The call blocks until the kernel answers:
 * at most about the command timeout on a healthy transport, possibly much longer on a dying one (the SCSI error
 * handler's recovery does not honour the command timeout), and a Java thread blocked in it cannot be
 * interrupted.
 */
public final class ScsiGeneric {
  /** The size of the sense buffer each command offers the kernel ({@code mx_sb_len}). */
  public static final int SENSE_BUFFER_SIZE = 32;

  private static final int TEST_UNIT_READY_LENGTH = 6;
  private static final int CDB_OFFSET = SgIoHeader.SIZE;
  private static final int SENSE_OFFSET = CDB_OFFSET + 8;
  private static final int BLOCK_SIZE = SENSE_OFFSET + SENSE_BUFFER_SIZE;

  private ScsiGeneric() {}

  /**
   * Sends TEST UNIT READY (a 6-byte CDB of zeros, no data transfer) to {@code device} and returns the kernel's
   * answer. A failed ioctl is an answer too ({@link SgIoResult#isIoctlFailed()}), not an exception: {@code
   * ENOTTY} from a file or driver without SG_IO, {@code EBADF} from a closed device.
   *
   * @param timeout the command timeout the kernel enforces, rounded up to whole milliseconds and capped at
   *     {@link Integer#MAX_VALUE} ms
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   */
  public static SgIoResult testUnitReady(PathDevice device, Duration timeout) {
    Objects.requireNonNull(device, "device");
    int timeoutMillis = toMillis(timeout);
    try (Memory block = new Memory(BLOCK_SIZE)) {
      block.clear();
      block.setInt(SgIoHeader.INTERFACE_ID, SgIoHeader.INTERFACE_ID_SCSI);
      block.setInt(SgIoHeader.DXFER_DIRECTION, SgIoHeader.SG_DXFER_NONE);
      block.setByte(SgIoHeader.CMD_LEN, (byte) TEST_UNIT_READY_LENGTH);
      block.setByte(SgIoHeader.MX_SB_LEN, (byte) SENSE_BUFFER_SIZE);
      block.setPointer(SgIoHeader.CMDP, block.share(CDB_OFFSET));
      block.setPointer(SgIoHeader.SBP, block.share(SENSE_OFFSET));
      block.setInt(SgIoHeader.TIMEOUT, timeoutMillis);
      int rc = IoctlNative.ioctl(device.fd(), SgIoHeader.SG_IO, block);
      if (rc == -1) {
        return SgIoResult.ioctlFailed(Native.getLastError());
      }
      int senseWritten = Math.min(Byte.toUnsignedInt(block.getByte(SgIoHeader.SB_LEN_WR)), SENSE_BUFFER_SIZE);
      return SgIoResult.completed(
          Byte.toUnsignedInt(block.getByte(SgIoHeader.STATUS)),
          Byte.toUnsignedInt(block.getByte(SgIoHeader.MASKED_STATUS)),
          Short.toUnsignedInt(block.getShort(SgIoHeader.HOST_STATUS)),
          Short.toUnsignedInt(block.getShort(SgIoHeader.DRIVER_STATUS)),
          block.getInt(SgIoHeader.INFO),
          block.getByteArray(SENSE_OFFSET, senseWritten),
          block.getInt(SgIoHeader.DURATION));
    }
  }

  static int toMillis(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("SG_IO timeout must be positive, got " + timeout);
    }
    Duration max = Duration.ofMillis(Integer.MAX_VALUE);
    if (timeout.compareTo(max) >= 0) {
      return Integer.MAX_VALUE;
    }
    long millis = timeout.toMillis();
    return (int) (Duration.ofMillis(millis).equals(timeout) ? millis : millis + 1);
  }
}
