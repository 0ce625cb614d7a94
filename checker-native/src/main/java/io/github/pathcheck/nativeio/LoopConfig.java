package io.github.pathcheck.nativeio;

import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The loop driver's ioctl requests ({@code <linux/loop.h>}) and the layout of {@code struct loop_config}, with
 * the {@code struct loop_info64} inside it, the same on x86_64 and aarch64. A test compares the offsets with the
 * C header.
 */
final class LoopConfig {
  static final long LOOP_SET_FD = 0x4C00;
  static final long LOOP_CLR_FD = 0x4C01;
  static final long LOOP_SET_STATUS64 = 0x4C04;
  static final long LOOP_CONFIGURE = 0x4C0A;
  static final long LOOP_CTL_GET_FREE = 0x4C82;

  /** {@code sizeof(struct loop_config)}. */
  static final int SIZE = 304;
  /** {@code offsetof(struct loop_config, fd)}. */
  static final int FD = 0;
  /** {@code offsetof(struct loop_config, info)}: a {@code struct loop_info64}. */
  static final int INFO = 8;

  /** {@code sizeof(struct loop_info64)}. */
  static final int INFO_SIZE = 232;
  /** {@code offsetof(struct loop_info64, lo_flags)}. */
  static final int INFO_FLAGS = 52;
  /** {@code offsetof(struct loop_info64, lo_file_name)}, {@code LO_NAME_SIZE} bytes. */
  static final int INFO_FILE_NAME = 56;
  static final int NAME_SIZE = 64;

  static final int LO_FLAGS_READ_ONLY = 1;
  static final int LO_FLAGS_AUTOCLEAR = 4;

  private LoopConfig() {}

  /**
   * Writes, at {@code offset} of zeroed {@code memory}, a {@code struct loop_info64} with autoclear set (and
   * read-only when asked) and {@code file}'s name, cut to what the field holds, for {@code losetup -l}.
   */
  static void writeInfo(Pointer memory, long offset, Path file, boolean readOnly) {
    memory.setInt(offset + INFO_FLAGS, LO_FLAGS_AUTOCLEAR | (readOnly ? LO_FLAGS_READ_ONLY : 0));
    byte[] name = file.toString().getBytes(StandardCharsets.UTF_8);
    memory.write(offset + INFO_FILE_NAME, name, 0, Math.min(name.length, NAME_SIZE - 1));
  }
}
