package io.github.pathcheck.directio;

import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.nativeio.AioUsage;
import io.github.pathcheck.nativeio.BlockDevices;
import io.github.pathcheck.nativeio.FileStat;
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
  public String fileType(PathDevice device) {
    try {
      FileStat stat = FileStat.of(device);
      if (stat.isBlockDevice()) {
        return "block device";
      }
      if (stat.isRegularFile()) {
        return "regular file";
      }
      if (stat.isCharacterDevice()) {
        return "character device";
      }
      if (stat.isDirectory()) {
        return "directory";
      }
      switch (stat.mode() & 0170000) {
        case 0010000:
          return "FIFO";
        case 0140000:
          return "socket";
        default:
          return "file of unknown type";
      }
    } catch (NativeException e) {
      return "file of unknown type";
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
