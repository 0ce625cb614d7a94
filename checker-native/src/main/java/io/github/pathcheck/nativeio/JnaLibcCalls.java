package io.github.pathcheck.nativeio;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import java.nio.ByteBuffer;

/**
 * The libc calls through JNA's direct mappings ({@link FileNative}, {@link StatxNative}, {@link IoctlNative},
 * {@link MmanNative}), for when {@link JniLibcCalls} is not built or cannot be loaded. Each failure's errno is
 * the one JNA saved right after the call.
 */
final class JnaLibcCalls implements LibcCalls {

  @Override
  public int open(String path, int flags, int mode) {
    return result(FileNative.open(path, flags, mode));
  }

  @Override
  public int close(int fd) {
    return result(FileNative.close(fd));
  }

  @Override
  public int fcntl(int fd, int cmd, int arg) {
    return result(FileNative.fcntl(fd, cmd, arg));
  }

  @Override
  public int statx(int fd, long[] fields) {
    if (fields.length != STATX_FIELDS) {
      throw new IllegalArgumentException("statx fills " + STATX_FIELDS + " fields, not " + fields.length);
    }
    StatxNative.Statx buf = new StatxNative.Statx();
    int result =
        result(StatxNative.statx(fd, "", StatxNative.AT_EMPTY_PATH, StatxNative.STATX_BASIC_STATS, buf));
    if (result < 0) {
      return result;
    }
    buf.read();
    fields[STATX_MODE] = Short.toUnsignedInt(buf.mode);
    fields[STATX_SIZE] = buf.size;
    fields[STATX_RDEV_MAJOR] = Integer.toUnsignedLong(buf.rdevMajor);
    fields[STATX_RDEV_MINOR] = Integer.toUnsignedLong(buf.rdevMinor);
    fields[STATX_INO] = buf.ino;
    fields[STATX_DEV_MAJOR] = Integer.toUnsignedLong(buf.devMajor);
    fields[STATX_DEV_MINOR] = Integer.toUnsignedLong(buf.devMinor);
    return 0;
  }

  @Override
  public int blockSize(int fd) {
    IntByReference size = new IntByReference();
    int result = result(IoctlNative.ioctl(fd, IoctlNumbers.BLKBSZGET, size));
    return result < 0 ? result : size.getValue();
  }

  @Override
  public long blockDeviceSize(int fd) {
    LongByReference size = new LongByReference();
    int result = result(IoctlNative.ioctl(fd, IoctlNumbers.BLKGETSIZE64, size));
    if (result < 0) {
      return result;
    }
    return size.getValue() < 0 ? -Errno.EOVERFLOW : size.getValue();
  }

  @Override
  public long mapAnonymous(long length) {
    long address =
        MmanNative.mmap(
            0,
            length,
            MmanNative.PROT_READ | MmanNative.PROT_WRITE,
            MmanNative.MAP_PRIVATE | MmanNative.MAP_ANONYMOUS,
            -1,
            0);
    return address == MmanNative.MAP_FAILED ? -Native.getLastError() : address;
  }

  @Override
  public int munmap(long address, long length) {
    return result(MmanNative.munmap(address, length));
  }

  @Override
  public ByteBuffer view(long address, int capacity) {
    return new Pointer(address).getByteBuffer(0, capacity);
  }

  @Override
  public String name() {
    return "jna";
  }

  private static int result(int returned) {
    return returned == -1 ? -Native.getLastError() : returned;
  }
}
