package io.github.pathcheck.nativeio.nvme;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * Direct-mapped libc {@code ioctl(2)} for the NVMe passthrough requests, with the request numbers of {@code
 * <linux/nvme_ioctl.h>} as {@code _IOWR('N', nr, struct nvme_passthru_cmd)} encodes them on x86_64 and aarch64.
 * Bound on first use.
 */
final class NvmeIoctl {
  /** {@code NVME_IOCTL_ADMIN_CMD = _IOWR('N', 0x41, struct nvme_passthru_cmd)}. */
  static final long NVME_IOCTL_ADMIN_CMD = iowr('N', 0x41, PassthruCmd.SIZE);
  /** {@code NVME_IOCTL_IO_CMD = _IOWR('N', 0x43, struct nvme_passthru_cmd)}. */
  static final long NVME_IOCTL_IO_CMD = iowr('N', 0x43, PassthruCmd.SIZE);

  static {
    Native.register(NvmeIoctl.class, Platform.C_LIBRARY_NAME);
  }

  private NvmeIoctl() {}

  /** {@code int ioctl(int fd, unsigned long request, struct nvme_passthru_cmd *cmd);} */
  static native int ioctl(int fd, long request, Pointer cmd);

  /** {@code _IOWR(type, nr, size)}: direction read and write (3) in bits 31:30. */
  static long iowr(int type, int nr, int size) {
    return 3L << 30 | (long) size << 16 | (long) type << 8 | nr;
  }
}
