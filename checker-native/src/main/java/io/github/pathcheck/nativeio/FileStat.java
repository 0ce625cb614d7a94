package io.github.pathcheck.nativeio;

import io.github.pathcheck.api.PathDevice;
import java.nio.file.Path;

/**
 * What {@code fstat(2)} says about an open file (read with {@code statx(2)}): its type, permission bits, size
 * and, for a device, its device number. An immutable value.
 */
public final class FileStat {
  private static final int S_IFMT = 0170000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFIFO = 0010000;
  private static final int S_IFSOCK = 0140000;
  private static final int S_IFLNK = 0120000;

  private final int mode;
  private final long size;
  private final int major;
  private final int minor;
  private final long inode; // with the file system's device number: which file this is
  private final long fileSystem;

  private FileStat(int mode, long size, int major, int minor, long inode, long fileSystem) {
    this.mode = mode;
    this.size = size;
    this.major = major;
    this.minor = minor;
    this.inode = inode;
    this.fileSystem = fileSystem;
  }

  /**
   * Describes the file open on {@code device}.
   *
   * @throws NativeException if the call fails, for example {@code EBADF} when the device is closed
   */
  public static FileStat of(PathDevice device) throws NativeException {
    return of(device.fd(), device.path());
  }

  static FileStat of(int fd, Path path) throws NativeException {
    long[] fields = new long[LibcCalls.STATX_FIELDS];
    Errno.checkReturned(Libc.calls().statx(fd, fields), "fstat", path);
    return new FileStat(
        (int) fields[LibcCalls.STATX_MODE],
        fields[LibcCalls.STATX_SIZE],
        (int) fields[LibcCalls.STATX_RDEV_MAJOR],
        (int) fields[LibcCalls.STATX_RDEV_MINOR],
        fields[LibcCalls.STATX_INO],
        fields[LibcCalls.STATX_DEV_MAJOR] << 32 | fields[LibcCalls.STATX_DEV_MINOR]);
  }

  /** Returns whether the file is a block device. */
  public boolean isBlockDevice() {
    return (mode & S_IFMT) == S_IFBLK;
  }

  /** Returns whether the file is a character device (for example a SCSI generic {@code /dev/sg*}). */
  public boolean isCharacterDevice() {
    return (mode & S_IFMT) == S_IFCHR;
  }

  /** Returns whether the file is a regular file. */
  public boolean isRegularFile() {
    return (mode & S_IFMT) == S_IFREG;
  }

  /** Returns whether the file is a directory. */
  public boolean isDirectory() {
    return (mode & S_IFMT) == S_IFDIR;
  }

  /** Returns whether {@code other} describes the same file: the same inode on the same file system. */
  boolean isSameFile(FileStat other) {
    return inode == other.inode && fileSystem == other.fileSystem;
  }

  /**
   * Returns the file's type as a phrase for messages: "a block device", "a regular file", "a directory", "a
   * character device", "a FIFO", "a socket", "a symbolic link", or "a file of type 0NNNNNN".
   */
  String typeDescription() {
    switch (mode & S_IFMT) {
      case S_IFBLK:
        return "a block device";
      case S_IFREG:
        return "a regular file";
      case S_IFDIR:
        return "a directory";
      case S_IFCHR:
        return "a character device";
      case S_IFIFO:
        return "a FIFO";
      case S_IFSOCK:
        return "a socket";
      case S_IFLNK:
        return "a symbolic link";
      default:
        return "a file of type 0" + Integer.toOctalString(mode & S_IFMT);
    }
  }

  /** Returns {@code st_size}: a regular file's length in bytes; 0 for a block device (use BlockDevices.size). */
  public long size() {
    return size;
  }

  /** Returns {@code st_mode}: the file type bits and the permission bits. */
  public int mode() {
    return mode;
  }

  /** Returns {@code st_rdev} in glibc's {@code dev_t} encoding ({@code makedev(major, minor)}); 0 if no device. */
  public long rdev() {
    long ma = Integer.toUnsignedLong(major);
    long mi = Integer.toUnsignedLong(minor);
    return (ma & 0xfffff000L) << 32 | (ma & 0xfffL) << 8 | (mi & 0xffffff00L) << 12 | (mi & 0xffL);
  }

  /** Returns the major number of the device this file is; 0 if it is not a device. */
  public int major() {
    return major;
  }

  /** Returns the minor number of the device this file is; 0 if it is not a device. */
  public int minor() {
    return minor;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FileStat)) {
      return false;
    }
    FileStat that = (FileStat) o;
    return mode == that.mode && size == that.size && major == that.major && minor == that.minor;
  }

  @Override
  public int hashCode() {
    return ((Integer.hashCode(mode) * 31 + Long.hashCode(size)) * 31 + major) * 31 + minor;
  }

  @Override
  public String toString() {
    return "FileStat{mode=0"
        + Integer.toOctalString(mode)
        + ", size="
        + size
        + ", rdev="
        + major
        + ":"
        + minor
        + "}";
  }
}
