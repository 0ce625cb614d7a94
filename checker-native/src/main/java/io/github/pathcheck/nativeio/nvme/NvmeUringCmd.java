package io.github.pathcheck.nativeio.nvme;

import io.github.pathcheck.nativeio.uring.IoUring;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code struct nvme_uring_cmd} of {@code <linux/nvme_ioctl.h>} that an NVMe passthrough command carries in
 * its ring entry ({@link IoUring#submitCommand}), and the command codes the NVMe driver takes.
 *
 * <p>On a controller's character device {@code /dev/nvmeZ} Linux takes {@link #ADMIN} (since 6.1:
 * {@code nvme_dev_uring_cmd}), which sends the admin command to that controller only, and nothing else ({@code
 * -ENOTTY}); it requires a ring of 128-byte entries and 32-byte completions ({@code -EOPNOTSUPP} otherwise),
 * which is what {@link IoUring} sets up, and {@code CAP_SYS_ADMIN} on 6.1 ({@code -EACCES}). The completion's
 * result is 0 or the NVMe status field, and its extra space holds the command's result dword.
 *
 * <p>Stateless; safe from any thread.
 */
public final class NvmeUringCmd {
  /** {@code NVME_URING_CMD_ADMIN = _IOWR('N', 0x82, struct nvme_uring_cmd)}. */
  public static final int ADMIN = (int) NvmeIoctl.iowr('N', 0x82, NvmeUringCmd.SIZE);

  /** {@code sizeof(struct nvme_uring_cmd)}. */
  static final int SIZE = 72;

  static final int OPCODE = 0;
  static final int NSID = 4;
  static final int ADDR = 24;
  static final int DATA_LEN = 36;
  static final int CDW10 = 40;
  static final int TIMEOUT_MS = 64;

  private NvmeUringCmd() {}

  /**
   * Returns the {@code struct nvme_uring_cmd} bytes, in the machine's byte order, of {@code command} with its
   * data at {@code dataAddress} and the command timeout {@code timeout}.
   *
   * @param dataAddress the native address of a buffer of at least {@code command.dataLength()} bytes, which the
   *     caller keeps until the command's completion is reaped; 0 for a command without data
   * @param timeout the command timeout the kernel enforces, rounded up to whole milliseconds and capped at
   *     {@code 0xffffffff} ms
   * @throws IllegalArgumentException if {@code timeout} is not positive, or {@code dataAddress} is 0 for a command
   *     with data
   */
  public static byte[] of(NvmeCommand command, long dataAddress, Duration timeout) {
    Objects.requireNonNull(command, "command");
    int millis = NvmePassthrough.toMillis(timeout);
    if (command.dataLength() > 0 && dataAddress == 0) {
      throw new IllegalArgumentException(command + " returns data: it needs a buffer");
    }
    ByteBuffer cmd = ByteBuffer.allocate(SIZE).order(ByteOrder.nativeOrder());
    cmd.put(OPCODE, (byte) command.opcode());
    cmd.putInt(NSID, command.nsid());
    if (command.dataLength() > 0) {
      cmd.putLong(ADDR, dataAddress);
      cmd.putInt(DATA_LEN, command.dataLength());
    }
    for (int n = 10; n <= 15; n++) {
      cmd.putInt(CDW10 + 4 * (n - 10), command.cdw(n));
    }
    cmd.putInt(TIMEOUT_MS, millis);
    return cmd.array();
  }
}
