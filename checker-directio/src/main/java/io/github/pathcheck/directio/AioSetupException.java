package io.github.pathcheck.directio;

import io.github.pathcheck.nativeio.Errno;

/** {@code io_setup(2)}, or the allocation of a group's native memory, failed with an errno. */
final class AioSetupException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int errno;

  /**
   * @param errno the positive errno, for example {@link Errno#EAGAIN}
   * @param call the call that failed, for example {@code "io_setup(1024)"}
   */
  AioSetupException(int errno, String call) {
    super(call + " failed: " + Errno.name(errno));
    this.errno = errno;
  }

  /** Returns the positive errno. */
  int errno() {
    return errno;
  }
}
