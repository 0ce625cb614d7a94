package io.github.pathcheck.nativeio.platform;

/**
 * System calls that have no libc wrapper and are made through libc's {@code syscall(long number, ...)}; their
 * numbers depend on the architecture, see {@link LinuxArch#syscallNumber(Syscall)}.
 */
public enum Syscall {
  /** {@code io_setup(2)}: create a kernel aio context. */
  IO_SETUP("io_setup"),
  /** {@code io_destroy(2)}: destroy a kernel aio context. */
  IO_DESTROY("io_destroy"),
  /** {@code io_submit(2)}: submit aio requests. */
  IO_SUBMIT("io_submit"),
  /** {@code io_cancel(2)}: cancel an aio request. */
  IO_CANCEL("io_cancel"),
  /** {@code io_getevents(2)}: reap completed aio requests. */
  IO_GETEVENTS("io_getevents");

  private final String kernelName;

  Syscall(String kernelName) {
    this.kernelName = kernelName;
  }

  /** Returns the kernel's name of the call, as in {@code __NR_io_setup} without the prefix: {@code "io_setup"}. */
  String kernelName() {
    return kernelName;
  }
}
