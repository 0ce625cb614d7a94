package io.github.pathcheck.nativeio;

import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
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
    IntByReference blockSize = new IntByReference();
    Errno.check(
        IoctlNative.ioctl(device.fd(), IoctlNumbers.BLKBSZGET, blockSize),
        "ioctl(BLKBSZGET)",
        device.path());
    return blockSize.getValue();
  }

  /**
   * Returns the device's size in bytes ({@code BLKGETSIZE64}).
   *
   * @throws NativeException if the call fails, for example {@code ENOTTY} when {@code device} is a regular file
   */
  public static long size(PathDevice device) throws NativeException {
    LongByReference size = new LongByReference();
    Errno.check(
        IoctlNative.ioctl(device.fd(), IoctlNumbers.BLKGETSIZE64, size),
        "ioctl(BLKGETSIZE64)",
        device.path());
    return size.getValue();
  }
}
