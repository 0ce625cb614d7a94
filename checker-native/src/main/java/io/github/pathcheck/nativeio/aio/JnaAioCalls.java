package io.github.pathcheck.nativeio.aio;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import io.github.pathcheck.nativeio.platform.LinuxArch;
import io.github.pathcheck.nativeio.platform.Syscall;

/**
 * The aio calls through JNA's direct mapping of libc's {@code syscall(2)}, for when {@link JniAioCalls} is not
 * built or cannot be loaded. The C function is variadic; each overload passes a fixed number of {@code long}
 * arguments (integers and addresses alike), which matches the calling convention on x86_64 and aarch64, where
 * glibc's {@code syscall} just moves its argument registers into the kernel's. Numbers come from {@link
 * LinuxArch#syscallNumber(Syscall)}.
 */
final class JnaAioCalls implements AioCalls {
  static {
    Native.register(JnaAioCalls.class, Platform.C_LIBRARY_NAME);
  }

  private static final long IO_SETUP = LinuxArch.current().syscallNumber(Syscall.IO_SETUP);
  private static final long IO_DESTROY = LinuxArch.current().syscallNumber(Syscall.IO_DESTROY);
  private static final long IO_SUBMIT = LinuxArch.current().syscallNumber(Syscall.IO_SUBMIT);
  private static final long IO_CANCEL = LinuxArch.current().syscallNumber(Syscall.IO_CANCEL);
  private static final long IO_GETEVENTS = LinuxArch.current().syscallNumber(Syscall.IO_GETEVENTS);

  @Override
  public int ioSetup(int nrEvents, long ctxpAddress) {
    return result(syscall(IO_SETUP, nrEvents, ctxpAddress));
  }

  @Override
  public int ioDestroy(long ctx) {
    return result(syscall(IO_DESTROY, ctx));
  }

  @Override
  public int ioSubmit(long ctx, long nr, long iocbppAddress) {
    return result(syscall(IO_SUBMIT, ctx, nr, iocbppAddress));
  }

  @Override
  public int ioCancel(long ctx, long iocbAddress, long resultAddress) {
    return result(syscall(IO_CANCEL, ctx, iocbAddress, resultAddress));
  }

  @Override
  public int ioGetevents(long ctx, long minNr, long nr, long eventsAddress, long timeoutAddress) {
    return result(syscall(IO_GETEVENTS, ctx, minNr, nr, eventsAddress, timeoutAddress));
  }

  @Override
  public String name() {
    return "jna";
  }

  private static int result(long returned) {
    return returned == -1 ? -Native.getLastError() : (int) returned;
  }

  /** {@code long syscall(long number, ...);} with one argument. */
  private static native long syscall(long number, long a1);

  /** {@code long syscall(long number, ...);} with two arguments. */
  private static native long syscall(long number, long a1, long a2);

  /** {@code long syscall(long number, ...);} with three arguments. */
  private static native long syscall(long number, long a1, long a2, long a3);

  /** {@code long syscall(long number, ...);} with five arguments. */
  private static native long syscall(long number, long a1, long a2, long a3, long a4, long a5);
}
