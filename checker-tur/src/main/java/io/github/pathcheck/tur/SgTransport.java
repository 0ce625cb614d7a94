package io.github.pathcheck.tur;

import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.nativeio.SgIoResult;
import java.time.Duration;

/**
 * Where the tur checker sends TEST UNIT READY: the kernel in production ({@link KernelSgTransport}), a scripted
 * device in tests. The seam through which tests answer any status, sense data or errno, late or never.
 *
 * <p>Implementations are thread-safe: checks of many paths call them at once.
 */
interface SgTransport {
  /**
   * Sends TEST UNIT READY to {@code device} and blocks until it is answered. A failed ioctl is an answer
   * ({@link SgIoResult#ioctlFailed}), not an exception.
   *
   * @param timeout the command timeout for the kernel
   */
  SgIoResult testUnitReady(PathDevice device, Duration timeout);
}
