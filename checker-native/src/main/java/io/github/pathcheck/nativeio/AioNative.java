package io.github.pathcheck.nativeio;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Direct-mapped libc {@code syscall(2)}, for the aio system calls, which glibc does not wrap. The C function is
 * variadic; each overload passes a fixed number of {@code long} arguments (integers and addresses alike), which
 * matches the calling convention on x86_64 and aarch64, where glibc's {@code syscall} just moves its argument
 * registers into the kernel's. Numbers come from {@link LinuxArch#syscallNumber(Syscall)}.
 */
final class AioNative {
  static {
    Native.register(AioNative.class, Platform.C_LIBRARY_NAME);
  }

  private AioNative() {}

  /** {@code long syscall(long number, ...);} with one argument. */
  static native long syscall(long number, long a1);

  /** {@code long syscall(long number, ...);} with two arguments. */
  static native long syscall(long number, long a1, long a2);

  /** {@code long syscall(long number, ...);} with three arguments. */
  static native long syscall(long number, long a1, long a2, long a3);

  /** {@code long syscall(long number, ...);} with five arguments. */
  static native long syscall(long number, long a1, long a2, long a3, long a4, long a5);
}
