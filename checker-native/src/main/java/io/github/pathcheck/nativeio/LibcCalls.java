package io.github.pathcheck.nativeio;

import java.nio.ByteBuffer;

/**
 * The libc calls checker-native makes to open a path and prepare it for a check, behind one of two bindings:
 * {@link JniLibcCalls} (the module's small JNI library, which needs no JNA) or {@link JnaLibcCalls} (JNA's
 * direct mappings, always there). {@link Libc#calls()} chooses one for the class loader.
 *
 * <p>Results are the call's, a non-negative value or a <b>negative errno</b>, never an exception. Addresses of
 * native memory are {@code long}s. Implementations hold no state and are safe from any thread.
 */
interface LibcCalls {
  /** The number of fields {@link #statx} fills. */
  int STATX_FIELDS = 7;
  /** Index of {@code stx_mode} in the fields of {@link #statx}. */
  int STATX_MODE = 0;
  /** Index of {@code stx_size}. */
  int STATX_SIZE = 1;
  /** Index of {@code stx_rdev_major}. */
  int STATX_RDEV_MAJOR = 2;
  /** Index of {@code stx_rdev_minor}. */
  int STATX_RDEV_MINOR = 3;
  /** Index of {@code stx_ino}. */
  int STATX_INO = 4;
  /** Index of {@code stx_dev_major}. */
  int STATX_DEV_MAJOR = 5;
  /** Index of {@code stx_dev_minor}. */
  int STATX_DEV_MINOR = 6;

  /** {@code open(path, flags, mode)}: a new descriptor or a negative errno. */
  int open(String path, int flags, int mode);

  /** {@code close(fd)}: 0 or a negative errno (the descriptor is released either way). */
  int close(int fd);

  /** {@code fcntl(fd, cmd, arg)} with an {@code int} argument: the call's result or a negative errno. */
  int fcntl(int fd, int cmd, int arg);

  /**
   * {@code statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS)}: fills {@code fields} (of length {@link
   * #STATX_FIELDS}) with the mode, size, rdev major and minor, inode, and the file system's device major and
   * minor, in that order; returns 0 or a negative errno.
   */
  int statx(int fd, long[] fields);

  /** {@code ioctl(fd, BLKBSZGET)}: the soft block size in bytes, or a negative errno. */
  int blockSize(int fd);

  /** {@code ioctl(fd, BLKGETSIZE64)}: the size in bytes, or a negative errno. */
  long blockDeviceSize(int fd);

  /**
   * {@code mmap(NULL, length, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)}: the address, or a
   * negative errno.
   */
  long mapAnonymous(long length);

  /** {@code munmap(address, length)}: 0 or a negative errno. */
  int munmap(long address, long length);

  /**
   * A direct buffer over {@code capacity} bytes of native memory at {@code address}, which the caller owns and
   * keeps mapped for as long as the buffer is used. Byte order is big-endian, as for every new buffer.
   */
  ByteBuffer view(long address, int capacity);

  /** {@code "jni"} or {@code "jna"}: which binding this is, for diagnostics. */
  String name();
}
