package io.github.pathcheck.nativeio;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.nativeio.scsi.ScsiCommand;
import java.time.Duration;
import java.util.Objects;

/**
 * SCSI commands through the {@code SG_IO} ioctl ({@code <scsi/sg.h>}, the v3 interface) on an open device:
 * what the SCSI checkers send ({@link ScsiCommand}).
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

  private static final int MAX_CDB_LENGTH = 16;
  private static final int CDB_OFFSET = SgIoHeader.SIZE;
  private static final int SENSE_OFFSET = CDB_OFFSET + MAX_CDB_LENGTH;
  private static final int BLOCK_SIZE = SENSE_OFFSET + SENSE_BUFFER_SIZE;

  private ScsiGeneric() {}

  /**
   * Sends TEST UNIT READY (a 6-byte CDB of zeros, no data transfer) to {@code device} and returns the kernel's
   * answer: {@link #execute} with {@link ScsiCommand#testUnitReady()}.
   *
   * @param timeout the command timeout the kernel enforces, rounded up to whole milliseconds and capped at
   *     {@link Integer#MAX_VALUE} ms
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   */
  public static SgIoResult testUnitReady(PathDevice device, Duration timeout) {
    return execute(device, ScsiCommand.testUnitReady(), timeout);
  }

  /**
   * Sends {@code command} to {@code device} and returns the kernel's answer, with the data the device sent for
   * a command that reads ({@link SgIoResult#data()}, its transfer length less the residual count). A failed
   * ioctl is an answer too ({@link SgIoResult#isIoctlFailed()}), not an exception: {@code ENOTTY} from a file
   * or driver without SG_IO, {@code EINVAL} from Linux's loop driver, {@code EBADF} from a closed device.
   *
   * @param timeout the command timeout the kernel enforces, rounded up to whole milliseconds and capped at
   *     {@link Integer#MAX_VALUE} ms
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   */
  public static SgIoResult execute(PathDevice device, ScsiCommand command, Duration timeout) {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(command, "command");
    int timeoutMillis = toMillis(timeout);
    byte[] cdb = command.cdb();
    int dataLength = command.dataLength();
    try (Memory block = new Memory(BLOCK_SIZE);
        Memory data = dataLength == 0 ? null : new Memory(dataLength)) {
      block.clear();
      block.setInt(SgIoHeader.INTERFACE_ID, SgIoHeader.INTERFACE_ID_SCSI);
      block.setInt(SgIoHeader.DXFER_DIRECTION, direction(command.direction()));
      block.setByte(SgIoHeader.CMD_LEN, (byte) cdb.length);
      block.setByte(SgIoHeader.MX_SB_LEN, (byte) SENSE_BUFFER_SIZE);
      block.write(CDB_OFFSET, cdb, 0, cdb.length);
      block.setPointer(SgIoHeader.CMDP, block.share(CDB_OFFSET));
      block.setPointer(SgIoHeader.SBP, block.share(SENSE_OFFSET));
      block.setInt(SgIoHeader.TIMEOUT, timeoutMillis);
      if (data != null) {
        data.clear();
        if (command.direction() == ScsiCommand.Direction.TO_DEVICE) {
          byte[] out = command.dataOut();
          data.write(0, out, 0, out.length);
        }
        block.setInt(SgIoHeader.DXFER_LEN, dataLength);
        block.setPointer(SgIoHeader.DXFERP, data);
      }
      int rc = IoctlNative.ioctl(device.fd(), SgIoHeader.SG_IO, block);
      if (rc == -1) {
        return SgIoResult.ioctlFailed(Native.getLastError());
      }
      int senseWritten = Math.min(Byte.toUnsignedInt(block.getByte(SgIoHeader.SB_LEN_WR)), SENSE_BUFFER_SIZE);
      byte[] received = new byte[0];
      if (data != null && command.direction() == ScsiCommand.Direction.FROM_DEVICE) {
        int resid = block.getInt(SgIoHeader.RESID);
        int length = Math.max(0, Math.min(dataLength, dataLength - resid));
        received = data.getByteArray(0, length);
      }
      return SgIoResult.completed(
          Byte.toUnsignedInt(block.getByte(SgIoHeader.STATUS)),
          Byte.toUnsignedInt(block.getByte(SgIoHeader.MASKED_STATUS)),
          Short.toUnsignedInt(block.getShort(SgIoHeader.HOST_STATUS)),
          Short.toUnsignedInt(block.getShort(SgIoHeader.DRIVER_STATUS)),
          block.getInt(SgIoHeader.INFO),
          block.getByteArray(SENSE_OFFSET, senseWritten),
          received,
          block.getInt(SgIoHeader.DURATION));
    }
  }

  private static int direction(ScsiCommand.Direction direction) {
    switch (direction) {
      case FROM_DEVICE:
        return SgIoHeader.SG_DXFER_FROM_DEV;
      case TO_DEVICE:
        return SgIoHeader.SG_DXFER_TO_DEV;
      default:
        return SgIoHeader.SG_DXFER_NONE;
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
