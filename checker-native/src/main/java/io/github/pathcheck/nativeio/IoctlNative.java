package io.github.pathcheck.nativeio;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;

/**
 * Direct-mapped libc {@code ioctl(2)}. The C function is variadic; each overload here passes one third
 * argument, a value or a pointer, which matches the calling convention on x86_64 and aarch64. Request numbers
 * are in {@link IoctlNumbers}, and the loop driver's in {@link LoopConfig}.
 */
final class IoctlNative {
  static {
    Native.register(IoctlNative.class, Platform.C_LIBRARY_NAME);
  }

  private IoctlNative() {}

  /** {@code int ioctl(int fd, unsigned long request, unsigned long arg);} for a request that takes a value. */
  static native int ioctl(int fd, long request, long arg);

  /** {@code int ioctl(int fd, unsigned long request, int *arg);} */
  static native int ioctl(int fd, long request, IntByReference arg);

  /** {@code int ioctl(int fd, unsigned long request, uint64_t *arg);} */
  static native int ioctl(int fd, long request, LongByReference arg);

  /** {@code int ioctl(int fd, unsigned long request, void *arg);} for a struct in native memory. */
  static native int ioctl(int fd, long request, Pointer arg);
}
