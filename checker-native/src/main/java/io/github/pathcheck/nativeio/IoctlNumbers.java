package io.github.pathcheck.nativeio;

/**
 * ioctl request numbers, derived the way {@code <asm-generic/ioctl.h>} does (the encoding x86_64 and aarch64
 * use): {@code dir << 30 | size << 16 | type << 8 | nr}, with {@code _IOC_READ == 2}.
 */
final class IoctlNumbers {
  private static final int NR_SHIFT = 0;
  private static final int TYPE_SHIFT = 8;
  private static final int SIZE_SHIFT = 16;
  private static final int DIR_SHIFT = 30;
  private static final long IOC_READ = 2;
  private static final int SIZE_T = 8;

  /** {@code BLKBSZGET = _IOR(0x12, 112, size_t)}: the block device's soft block size (the kernel writes an int). */
  static final long BLKBSZGET = ior(0x12, 112, SIZE_T);

  /** {@code BLKGETSIZE64 = _IOR(0x12, 114, size_t)}: the block device's size in bytes, as a u64. */
  static final long BLKGETSIZE64 = ior(0x12, 114, SIZE_T);

  private IoctlNumbers() {}

  /** {@code _IOR(type, nr, size)}. */
  static long ior(int type, int nr, int size) {
    return IOC_READ << DIR_SHIFT
        | (long) size << SIZE_SHIFT
        | (long) type << TYPE_SHIFT
        | (long) nr << NR_SHIFT;
  }
}
