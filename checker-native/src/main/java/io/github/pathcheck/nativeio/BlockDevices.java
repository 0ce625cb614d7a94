package io.github.pathcheck.nativeio;

import io.github.pathcheck.api.PathDevice;

/** Block-device {@code ioctl(2)}s on an open device. Stateless and safe from any thread. */
public final class BlockDevices {
  private BlockDevices() {}

  /**
   * Returns the device's soft block size in bytes ({@code BLKBSZGET}), for example 512 or 4096: the unit the
   * directio checker reads in.
   *
   * @throws NativeException if the call fails, for example {@code ENOTTY} when {@code device} is a regular file
   */
  public static int blockSize(PathDevice device) throws NativeException {
    return Errno.checkReturned(Libc.calls().blockSize(device.fd()), "ioctl(BLKBSZGET)", device.path());
  }

  /**
   * Returns the device's size in bytes ({@code BLKGETSIZE64}).
   *
   * @throws NativeException if the call fails, for example {@code ENOTTY} when {@code device} is a regular file
   */
  public static long size(PathDevice device) throws NativeException {
    return Errno.checkReturned(Libc.calls().blockDeviceSize(device.fd()), "ioctl(BLKGETSIZE64)", device.path());
  }
}
