package io.github.pathcheck.vendors;

import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.nativeio.SgIoResult;
import io.github.pathcheck.nativeio.scsi.ScsiCommand;
import java.time.Duration;

/**
 * Where the vendor checkers send their SCSI commands: the kernel in production ({@link KernelScsiTransport}), a
 * scripted device in tests. The seam through which tests answer any data, status, sense data or errno.
 *
 * <p>Implementations are thread-safe: checks of many paths call them at once.
 */
interface ScsiTransport {
  /**
   * Sends {@code command} to {@code device} and blocks until it is answered. A failed ioctl is an answer
   * ({@link SgIoResult#isIoctlFailed()}), not an exception.
   *
   * @param timeout the command timeout for the kernel
   */
  SgIoResult execute(PathDevice device, ScsiCommand command, Duration timeout);
}
