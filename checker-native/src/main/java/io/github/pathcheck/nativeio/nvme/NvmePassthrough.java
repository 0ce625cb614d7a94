package io.github.pathcheck.nativeio.nvme;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.github.pathcheck.api.PathDevice;
import java.time.Duration;
import java.util.Objects;

/**
 * NVMe commands through the kernel's passthrough ioctls ({@code NVME_IOCTL_ADMIN_CMD}, {@code NVME_IOCTL_IO_CMD},
 * {@code <linux/nvme_ioctl.h>}) on an open NVMe device: on a controller's character device {@code /dev/nvmeN},
 * an admin command goes to that controller only, over its own transport connection.
 *
 * <p>Stateless and safe from any thread. Each call allocates its {@code struct nvme_passthru_cmd} and data buffer
 * in native memory, owned by the call and freed before it returns. The call blocks until the kernel completes the
 * command: at most about the command timeout while the controller is live (the kernel then aborts the command
 * and recovers the controller, which for a fabrics controller means reconnecting it), and a Java thread blocked
 * in it cannot be interrupted. Linux requires {@code CAP_SYS_ADMIN} for most commands ({@code EACCES} without).
 */
public final class NvmePassthrough {
  private NvmePassthrough() {}

  /**
   * Sends admin command {@code command} to the controller behind {@code device} and returns the kernel's answer.
   * A failed ioctl is an answer too ({@link NvmeCompletion#isIoctlFailed()}), not an exception: {@code ENOTTY}
   * from a file or a device without NVMe passthrough, {@code EBADF} from a closed device.
   *
   * @param timeout the command timeout the kernel enforces, rounded up to whole milliseconds and capped at
   *     {@code 0xffffffff} ms
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   */
  public static NvmeCompletion admin(PathDevice device, NvmeCommand command, Duration timeout) {
    return execute(device, NvmeIoctl.NVME_IOCTL_ADMIN_CMD, command, timeout);
  }

  /**
   * Sends I/O command {@code command} through {@code device}. On a controller's character device Linux takes it
   * only while the controller has exactly one namespace ({@code EINVAL} otherwise) and logs a warning for each
   * such call; the command then goes down that controller's own I/O queue.
   *
   * @param timeout the command timeout the kernel enforces, as for {@link #admin}
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   */
  public static NvmeCompletion io(PathDevice device, NvmeCommand command, Duration timeout) {
    return execute(device, NvmeIoctl.NVME_IOCTL_IO_CMD, command, timeout);
  }

  private static NvmeCompletion execute(PathDevice device, long request, NvmeCommand command, Duration timeout) {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(command, "command");
    int timeoutMillis = toMillis(timeout);
    int length = command.dataLength();
    try (Memory cmd = new Memory(PassthruCmd.SIZE);
        Memory data = length == 0 ? null : new Memory(length)) {
      cmd.clear();
      cmd.setByte(PassthruCmd.OPCODE, (byte) command.opcode());
      cmd.setInt(PassthruCmd.NSID, command.nsid());
      for (int n = 10; n <= 15; n++) {
        cmd.setInt(PassthruCmd.CDW10 + 4L * (n - 10), command.cdw(n));
      }
      cmd.setInt(PassthruCmd.TIMEOUT_MS, timeoutMillis);
      if (data != null) {
        data.clear();
        cmd.setLong(PassthruCmd.ADDR, Pointer.nativeValue(data));
        cmd.setInt(PassthruCmd.DATA_LEN, length);
      }
      int rc = NvmeIoctl.ioctl(device.fd(), request, cmd);
      if (rc < 0) {
        return NvmeCompletion.ioctlFailed(Native.getLastError());
      }
      byte[] received = data == null ? new byte[0] : data.getByteArray(0, length);
      return NvmeCompletion.completed(rc, cmd.getInt(PassthruCmd.RESULT), received);
    }
  }

  /** The timeout in whole milliseconds, rounded up; {@code __u32}, so at most 0xffffffff. */
  static int toMillis(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("NVMe command timeout must be positive, got " + timeout);
    }
    long max = 0xffffffffL;
    if (timeout.compareTo(Duration.ofMillis(max)) >= 0) {
      return (int) max;
    }
    long millis = timeout.toMillis();
    return (int) (Duration.ofMillis(millis).equals(timeout) ? millis : millis + 1);
  }
}
