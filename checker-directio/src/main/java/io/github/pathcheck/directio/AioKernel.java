package io.github.pathcheck.directio;

import io.github.pathcheck.api.PathDevice;

/**
 * The seam between the directio checker and the kernel: every system call the checker makes, narrowed to what
 * it needs, with kernel-style results (a non-negative value, or a negative errno) instead of exceptions.
 *
 * <p>{@link KernelAio} implements it with real system calls; the seam tests implement it with a fake that
 * injects faults (io_setup EAGAIN, io_submit failing, io_cancel that never cancels, completions that arrive
 * late, in another checker's call, or more than 128 at once, io_getevents EINTR).
 *
 * <p>Implementations are thread-safe.
 */
interface AioKernel {

  /**
   * Creates an aio context for {@code slots} concurrent reads ({@code io_setup(slots)}) together with the
   * native memory of its slots (each a block buffer and an iocb).
   *
   * @throws AioSetupException with the errno when {@code io_setup} or the allocation fails; then nothing was
   *     created
   */
  AioContext setup(int slots) throws AioSetupException;

  /** Returns the device's block size ({@code ioctl(BLKBSZGET)}), or a negative errno. */
  int blockSize(PathDevice device);

  /** Returns the device descriptor's status flags ({@code fcntl(F_GETFL)}), or a negative errno. */
  int fileStatusFlags(PathDevice device);

  /** Sets the device descriptor's status flags ({@code fcntl(F_SETFL)}); returns 0, or a negative errno. */
  int setFileStatusFlags(PathDevice device, int flags);

  /**
   * Returns what the device's descriptor refers to, as {@code fstat} says: {@code "block device"}, {@code
   * "regular file"}, {@code "character device"}, {@code "FIFO"}, {@code "socket"}, {@code "directory"}, or
   * {@code "file of unknown type"} when {@code fstat} fails; for error messages.
   */
  String fileType(PathDevice device);

  /** Returns the value of {@code O_DIRECT} on this architecture. */
  int directFlag();

  /**
   * Returns the system-wide aio limits, {@code /proc/sys/fs/aio-max-nr} and {@code /proc/sys/fs/aio-nr}, for
   * error messages; a value that cannot be read is -1.
   */
  AioLimits limits();
}
