package io.github.pathcheck.nativeio;

import io.github.pathcheck.nativeio.platform.JniLibrary;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;

/**
 * The libc calls through the module's JNI library ({@code src/main/c/libc_calls.c}, loaded by {@link
 * JniLibrary}), so that opening and checking a path loads no JNA: JNA's first use starts a subprocess
 * ({@code ldconfig -p}) and extracts a library of its own.
 *
 * <p>Paths go to the kernel as bytes in the platform's file-name encoding ({@code sun.jnu.encoding}), as
 * {@code java.io} and {@code java.nio.file} send them.
 */
final class JniLibcCalls implements LibcCalls {
  private static final Charset FILE_NAMES =
      Charset.forName(System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name()));

  private JniLibcCalls() {}

  /**
   * Loads the library, if this class loader has not yet, and returns the binding.
   *
   * @throws UnsatisfiedLinkError as {@link JniLibrary#load()} does
   */
  static JniLibcCalls load() {
    JniLibrary.load();
    return new JniLibcCalls();
  }

  @Override
  public int open(String path, int flags, int mode) {
    return open0(path.getBytes(FILE_NAMES), flags, mode);
  }

  @Override
  public int statx(int fd, long[] fields) {
    if (fields.length != STATX_FIELDS) {
      throw new IllegalArgumentException("statx fills " + STATX_FIELDS + " fields, not " + fields.length);
    }
    return statx0(fd, fields);
  }

  private native int open0(byte[] path, int flags, int mode);

  @Override
  public native int close(int fd);

  @Override
  public native int fcntl(int fd, int cmd, int arg);

  private native int statx0(int fd, long[] fields);

  @Override
  public native int blockSize(int fd);

  @Override
  public native long blockDeviceSize(int fd);

  @Override
  public native long mapAnonymous(long length);

  @Override
  public native int munmap(long address, long length);

  @Override
  public native ByteBuffer view(long address, int capacity);

  @Override
  public String name() {
    return "jni";
  }
}
