package io.github.pathcheck.nvme;

import io.github.pathcheck.nativeio.AnonymousMemory;
import io.github.pathcheck.nativeio.NativeException;
import io.github.pathcheck.nativeio.nvme.NvmeCommand;
import io.github.pathcheck.nativeio.uring.CompletionHandler;
import io.github.pathcheck.nativeio.uring.IoUring;
import io.github.pathcheck.nativeio.uring.NvmeUringCmd;
import java.time.Duration;

/**
 * The real ring: an {@link IoUring} of {@value #ENTRIES} entries (and twice as many completions) carrying
 * {@code NVME_URING_CMD_ADMIN} commands. Not thread-safe, as {@link RingCalls} says.
 */
final class KernelRing implements RingCalls {
  static final int ENTRIES = 256;

  private final IoUring ring;

  private KernelRing(IoUring ring) {
    this.ring = ring;
  }

  /**
   * Opens the ring.
   *
   * @throws NativeException as {@link IoUring#open} does
   */
  static RingCalls open() throws NativeException {
    return new KernelRing(IoUring.open(ENTRIES));
  }

  @Override
  public int submit(int fd, NvmeCommand command, AnonymousMemory buffer, Duration timeout, long tag) {
    return ring.submitCommand(fd, NvmeUringCmd.ADMIN, NvmeUringCmd.of(command, buffer.address(), timeout), tag);
  }

  @Override
  public int reap(CompletionHandler handler) {
    return ring.reap(handler);
  }

  @Override
  public boolean await(int minComplete, long timeoutNanos) {
    return ring.await(minComplete, timeoutNanos);
  }

  @Override
  public int capacity() {
    return ring.completionEntries();
  }

  @Override
  public void close() {
    ring.close();
  }

  @Override
  public String toString() {
    return ring.toString();
  }
}
