package io.github.pathcheck.nativeio.uring;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Direct-mapped libc calls for the ring: {@code syscall(2)} for {@code io_uring_setup} and {@code io_uring_enter},
 * which glibc does not wrap, and {@code mmap(2)}, {@code munmap(2)}, {@code close(2)}. The variadic {@code
 * syscall} is bound with a fixed number of {@code long} arguments, which matches the calling convention on
 * x86_64 and aarch64. Bound on first use.
 */
final class UringNative {
  /** {@code __NR_io_uring_setup}: the same number on every architecture Linux added it to at once. */
  static final long NR_IO_URING_SETUP = 425;
  /** {@code __NR_io_uring_enter}. */
  static final long NR_IO_URING_ENTER = 426;

  static final int PROT_READ = 0x1;
  static final int PROT_WRITE = 0x2;
  static final int MAP_SHARED = 0x01;
  /** {@code MAP_POPULATE}, the same on x86_64 and aarch64. */
  static final int MAP_POPULATE = 0x8000;
  static final long MAP_FAILED = -1L;

  static {
    Native.register(UringNative.class, Platform.C_LIBRARY_NAME);
  }

  private UringNative() {}

  /** {@code long syscall(long number, ...);} with two arguments. */
  static native long syscall(long number, long a1, long a2);

  /** {@code long syscall(long number, ...);} with six arguments. */
  static native long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);

  /** {@code void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);} */
  static native long mmap(long addr, long length, int prot, int flags, int fd, long offset);

  /** {@code int munmap(void *addr, size_t length);} */
  static native int munmap(long addr, long length);

  /** {@code int close(int fd);} */
  static native int close(int fd);

  /** Returns {@code returned}, or minus errno when it is -1. */
  static long result(long returned) {
    return returned == -1 ? -Native.getLastError() : returned;
  }
}
