package io.github.pathcheck.nativeio.nvme;

/**
 * The layout of the kernel's {@code struct nvme_passthru_cmd} ({@code <linux/nvme_ioctl.h>}): offsets in bytes,
 * the same on every architecture (no pointer-sized field; {@code addr} and {@code metadata} are {@code __u64}).
 */
final class PassthruCmd {
  static final int OPCODE = 0; // __u8
  static final int FLAGS = 1; // __u8
  static final int NSID = 4; // __u32
  static final int CDW2 = 8; // __u32
  static final int CDW3 = 12; // __u32
  static final int METADATA = 16; // __u64
  static final int ADDR = 24; // __u64
  static final int METADATA_LEN = 32; // __u32
  static final int DATA_LEN = 36; // __u32
  static final int CDW10 = 40; // __u32, then cdw11..cdw15 every 4 bytes
  static final int TIMEOUT_MS = 64; // __u32
  static final int RESULT = 68; // __u32
  /** {@code sizeof(struct nvme_passthru_cmd)}. */
  static final int SIZE = 72;

  private PassthruCmd() {}
}
