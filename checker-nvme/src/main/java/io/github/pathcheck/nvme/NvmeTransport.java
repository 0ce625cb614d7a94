package io.github.pathcheck.nvme;

import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.nativeio.nvme.NvmeCommand;
import io.github.pathcheck.nativeio.nvme.NvmeCompletion;
import java.time.Duration;

/**
 * Where the ana checker sends its commands: the kernel in production ({@link KernelNvmeTransport}), a scripted
 * controller in tests. The seam through which tests answer any status, errno or log page.
 *
 * <p>Implementations are thread-safe: checks of many paths call them at once.
 */
interface NvmeTransport {
  /** Sends admin command {@code command} through {@code device} and blocks until it completes. */
  NvmeCompletion admin(PathDevice device, NvmeCommand command, Duration timeout);

  /** Sends I/O command {@code command} through {@code device} and blocks until it completes. */
  NvmeCompletion io(PathDevice device, NvmeCommand command, Duration timeout);
}
