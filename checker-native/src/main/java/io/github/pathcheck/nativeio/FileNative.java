package io.github.pathcheck.nativeio;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/** Direct-mapped libc calls on file descriptors: {@code open(2)}, {@code close(2)}, {@code fcntl(2)}. */
final class FileNative {
  static {
    Native.register(FileNative.class, Platform.C_LIBRARY_NAME);
  }

  private FileNative() {}

  /** {@code int open(const char *pathname, int flags, ... mode_t mode);} */
  static native int open(String pathname, int flags, int mode);

  /** {@code int close(int fd);} */
  static native int close(int fd);

  /** {@code int fcntl(int fd, int cmd, ... int arg);} */
  static native int fcntl(int fd, int cmd, int arg);
}
