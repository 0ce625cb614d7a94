package io.github.pathcheck.directio;

import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.nativeio.BlockDevices;
import io.github.pathcheck.nativeio.FileStatusFlags;
import io.github.pathcheck.nativeio.NativeException;
import io.github.pathcheck.nativeio.OpenFlags;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The real kernel behind {@link AioKernel}, through checker-native. Stateless and thread-safe. */
final class KernelAio implements AioKernel {
  private static final Path AIO_MAX_NR = Path.of("/proc/sys/fs/aio-max-nr");
  private static final Path AIO_NR = Path.of("/proc/sys/fs/aio-nr");

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
    return new AioLimits(sysctl(AIO_MAX_NR), sysctl(AIO_NR));
  }

  /**
   * Reads a numeric sysctl line-wise ({@code Files.readString} returns only the first byte of a sysctl file on
   * some kernels); -1 when it cannot be read.
   */
  private static long sysctl(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }
}
