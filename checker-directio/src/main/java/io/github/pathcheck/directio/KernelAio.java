package io.github.pathcheck.directio;

import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.nativeio.AioUsage;
import io.github.pathcheck.nativeio.BlockDevices;
import io.github.pathcheck.nativeio.FileStatusFlags;
import io.github.pathcheck.nativeio.NativeException;
import io.github.pathcheck.nativeio.OpenFlags;

/** The real kernel behind {@link AioKernel}, through checker-native. Stateless and thread-safe. */
final class KernelAio implements AioKernel {
  @Override
  public AioContext setup(int slots) throws AioSetupException {
    return KernelAioContext.create(slots);
  }

  @Override
  public int blockSize(PathDevice device) {
    try {
      return BlockDevices.blockSize(device);
    } catch (NativeException e) {
      return -e.errno();
    }
  }

  @Override
  public int fileStatusFlags(PathDevice device) {
    try {
      return FileStatusFlags.get(device);
    } catch (NativeException e) {
      return -e.errno();
    }
  }

  @Override
  public int setFileStatusFlags(PathDevice device, int flags) {
    try {
      FileStatusFlags.set(device, flags);
      return 0;
    } catch (NativeException e) {
      return -e.errno();
    }
  }

  @Override
  public int directFlag() {
    return OpenFlags.O_DIRECT;
  }

  @Override
  public AioLimits limits() {
    return new AioLimits(AioUsage.aioMaxNr(), AioUsage.aioNr());
  }
}
