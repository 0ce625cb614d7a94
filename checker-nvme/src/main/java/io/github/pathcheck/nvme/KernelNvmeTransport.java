package io.github.pathcheck.nvme;

import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.nativeio.nvme.NvmeCommand;
import io.github.pathcheck.nativeio.nvme.NvmeCompletion;
import io.github.pathcheck.nativeio.nvme.NvmePassthrough;
import java.time.Duration;

/** The real transport: the kernel's NVMe passthrough ioctls on the device's descriptor, through checker-native. */
final class KernelNvmeTransport implements NvmeTransport {
  static final KernelNvmeTransport INSTANCE = new KernelNvmeTransport();

  private KernelNvmeTransport() {}

  @Override
  public NvmeCompletion admin(PathDevice device, NvmeCommand command, Duration timeout) {
    return NvmePassthrough.admin(device, command, timeout);
  }

  @Override
  public NvmeCompletion io(PathDevice device, NvmeCommand command, Duration timeout) {
    return NvmePassthrough.io(device, command, timeout);
  }
}
