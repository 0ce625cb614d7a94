package io.github.pathcheck.nvme;

import io.github.pathcheck.nativeio.AnonymousMemory;
import io.github.pathcheck.nativeio.nvme.NvmeCommand;
import io.github.pathcheck.nativeio.uring.CompletionHandler;
import java.time.Duration;

/**
 * The io_uring calls the ana checker's {@link AdminRing} makes: the kernel's ring in production ({@link
 * KernelRing}), a scripted one in tests. The seam through which tests complete commands when and how they
 * choose. Calls are serialised by the caller as {@link io.github.pathcheck.nativeio.uring.IoUring} says.
 */
interface RingCalls {
  /**
   * Submits admin command {@code command} for the controller open as {@code fd}, its data to go to {@code
   * buffer}, with {@code tag} as its user data.
   *
   * @return 1 when the ring took it (its completion comes); minus errno when it took nothing
   */
  int submit(int fd, NvmeCommand command, AnonymousMemory buffer, Duration timeout, long tag);

  /** Hands every completion the ring holds to {@code handler}, without waiting; returns how many. */
  int reap(CompletionHandler handler);

  /** Waits until the ring holds {@code minComplete} completions, or {@code timeoutNanos} passed. */
  boolean await(int minComplete, long timeoutNanos);

  /** Returns the most commands the ring keeps in flight at once. */
  int capacity();

  /** Releases the ring; called once, with nothing in flight. */
  void close();

  /** Opens ring calls. */
  @FunctionalInterface
  interface Opener {
    /**
     * Opens a ring.
     *
     * @throws io.github.pathcheck.nativeio.NativeException if the kernel refuses one
     */
    RingCalls open() throws io.github.pathcheck.nativeio.NativeException;

    /**
     * Returns whether the kernel says it offers rings that take NVMe admin commands, without a system call
     * (so that asking costs a one-shot command nothing). A filter that refuses the calls themselves shows only
     * when a ring is opened. Default: true.
     */
    default boolean offered() {
      return true;
    }
  }
}
