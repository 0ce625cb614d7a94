package io.github.pathcheck.nativeio;

import io.github.pathcheck.api.PathDevice;

/**
 * A descriptor's file status flags ({@code fcntl(2)} {@code F_GETFL}/{@code F_SETFL}), with values from {@link
 * OpenFlags}. The flags belong to the open file description, so a change is seen by every user of the
 * descriptor: a checker that sets one restores the old value when it is freed.
 */
public final class FileStatusFlags {
  private static final int F_GETFL = 3;
  private static final int F_SETFL = 4;

  private FileStatusFlags() {}

  /**
   * Returns the flags of {@code device}'s descriptor: the access mode and status flags such as {@link
   * OpenFlags#O_DIRECT} (the kernel may report others too, such as {@code O_LARGEFILE}).
   *
   * @throws NativeException if the call fails, for example {@code EBADF} when the device is closed
   */
  public static int get(PathDevice device) throws NativeException {
    return Errno.checkReturned(Libc.calls().fcntl(device.fd(), F_GETFL, 0), "fcntl(F_GETFL)", device.path());
  }

  /**
   * Sets the flags of {@code device}'s descriptor. Linux changes only {@code O_APPEND}, {@code O_ASYNC},
   * {@code O_DIRECT}, {@code O_NOATIME} and {@code O_NONBLOCK}, and ignores the other bits.
   *
   * @throws NativeException if the call fails, for example {@code EINVAL} when the file system does not support
   *     {@code O_DIRECT}
   */
  public static void set(PathDevice device, int flags) throws NativeException {
    Errno.checkReturned(Libc.calls().fcntl(device.fd(), F_SETFL, flags), "fcntl(F_SETFL)", device.path());
  }
}
