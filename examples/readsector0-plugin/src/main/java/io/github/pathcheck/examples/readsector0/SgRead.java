package io.github.pathcheck.examples.readsector0;

import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.nativeio.SgIoResult;
import java.time.Duration;

/**
 * Where readsector0 sends its READ(10): the kernel's SG_IO in production ({@link KernelSgRead}), a scripted
 * device in tests. Implementations are thread-safe.
 */
interface SgRead {
  /**
   * Reads the block at LBA 0 of {@code device} through its descriptor and blocks until it is answered. A failed
   * ioctl is an answer ({@link SgIoResult#isIoctlFailed()}), not an exception.
   *
   * @param timeout the command timeout for the kernel
   */
  SgIoResult readSector0(PathDevice device, Duration timeout);
}
