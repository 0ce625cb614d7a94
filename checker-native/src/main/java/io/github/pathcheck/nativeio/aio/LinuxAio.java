package io.github.pathcheck.nativeio.aio;

import io.github.pathcheck.nativeio.AnonymousMemory;
import io.github.pathcheck.nativeio.platform.JniLibrary;

/**
 * The Linux kernel aio system calls ({@code io_setup(2)}, {@code io_submit(2)}, {@code io_getevents(2)}, {@code
 * io_cancel(2)}, {@code io_destroy(2)}), made through {@code syscall(2)}: no libaio needed. The calls go through
 * the module's own JNI library where the build had gcc, else through JNA ({@link
 * io.github.pathcheck.nativeio.NativeBinding#current()} says which).
 *
 * <p>Thin and allocation-free, for a hot path: arguments are the kernel's, with addresses of native memory as
 * {@code long}s (see {@link AnonymousMemory#address()}); results are the kernel's too, a non-negative value or
 * a <b>negative errno</b>, never an exception (unlike libaio before 0.3.111, which confused the two). The
 * structs these calls read and write are laid out by {@link IoControlBlock}, {@link IoEvent} and {@link
 * Timespec}.
 *
 * <p>Stateless and safe from any thread; the kernel serialises what needs it. The caller keeps the memory it
 * passes alive for as long as the kernel may use it: an iocb's buffer until its completion is reaped or the
 * context is destroyed.
 */
public final class LinuxAio {
  private static final AioCalls CALLS = chooseCalls();

  private LinuxAio() {}

  private static AioCalls chooseCalls() {
    return JniLibrary.usable() ? JniAioCalls.load() : new JnaAioCalls();
  }

  /** The binding in use, for tests that run the same calls through both. */
  static AioCalls calls() {
    return CALLS;
  }

  /**
   * {@code io_setup(nr_events, ctxp)}: creates a context for {@code nrEvents} concurrent requests and writes
   * its {@code aio_context_t} (8 bytes) at {@code ctxpAddress}, which must hold 0 before the call.
   *
   * @return 0, or a negative errno: {@code -EAGAIN} when {@code fs.aio-max-nr} would be exceeded
   */
  public static int ioSetup(int nrEvents, long ctxpAddress) {
    return CALLS.ioSetup(nrEvents, ctxpAddress);
  }

  /**
   * {@code io_destroy(ctx)}: cancels what it can, waits for every request in flight to complete and for an
   * RCU grace period, and wakes threads blocked in {@code io_getevents} on the context.
   *
   * @return 0, or a negative errno
   */
  public static int ioDestroy(long ctx) {
    return CALLS.ioDestroy(ctx);
  }

  /**
   * {@code io_submit(ctx, nr, iocbpp)}: submits the {@code nr} iocbs whose addresses are in the array at
   * {@code iocbppAddress}.
   *
   * @return the number of iocbs submitted, or a negative errno
   */
  public static int ioSubmit(long ctx, long nr, long iocbppAddress) {
    return CALLS.ioSubmit(ctx, nr, iocbppAddress);
  }

  /**
   * {@code io_cancel(ctx, iocb, result)}: asks the kernel to cancel the request submitted with the iocb at
   * {@code iocbAddress}; {@code resultAddress} has room for one {@link IoEvent}.
   *
   * @return 0 when cancelled, or a negative errno: {@code -EINVAL} for a request that cannot be cancelled
   *     (reads on files and block devices), {@code -EINPROGRESS} when the cancellation completes through the
   *     ring
   */
  public static int ioCancel(long ctx, long iocbAddress, long resultAddress) {
    return CALLS.ioCancel(ctx, iocbAddress, resultAddress);
  }

  /**
   * {@code io_getevents(ctx, min_nr, nr, events, timeout)}: reads up to {@code nr} completions into the
   * {@link IoEvent} array at {@code eventsAddress}, waiting until at least {@code minNr} are there or the
   * {@link Timespec} at {@code timeoutAddress} has passed (a zero timespec: do not wait; address 0: wait
   * forever).
   *
   * @return the number of completions read, or a negative errno ({@code -EINTR} when a signal interrupted the
   *     wait)
   */
  public static int ioGetevents(long ctx, long minNr, long nr, long eventsAddress, long timeoutAddress) {
    return CALLS.ioGetevents(ctx, minNr, nr, eventsAddress, timeoutAddress);
  }
}
