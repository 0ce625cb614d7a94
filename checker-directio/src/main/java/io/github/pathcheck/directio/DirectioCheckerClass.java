package io.github.pathcheck.directio;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerInitException;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.UnloadResult;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directio checker class: checks a path by reading its first block with {@code O_DIRECT} through Linux
 * aio, like multipath-tools' directio checker, with aio contexts shared by groups of checkers.
 *
 * <p><b>Checks.</b> A check reads one block (the device's {@code BLKBSZGET} size, at most 4096 bytes; 4096
 * where the ioctl fails, as on a regular file, which init logs at info level with multipath's note {@code "
 * cannot get blocksize, set default"}) at offset 0: the whole block read is {@code up}, anything else (a short
 * read, an I/O error) is {@code down}, a read not done within the checker timeout is {@code down}, and a read
 * that cannot be submitted is {@code unchecked} with the message {@code " is not available"}. Asynchronous
 * checks answer {@code pending} ({@code " is waiting on aio"}) until {@link Checker#pending()} collects the
 * answer. Every answer is a constant: a check allocates nothing. A read the kernel will not cancel stays in
 * flight and is never submitted twice: later checks wait for it, and its completion is still reported when it
 * arrives late.
 *
 * <p><b>Devices.</b> Init sets {@code O_DIRECT} on the host's descriptor if it was not set, and free restores
 * the flags. A file system that does not support {@code O_DIRECT} (tmpfs) fails init. A device with no
 * descriptor ({@code fd() == -1}) gets a checker that answers {@code wild} and holds nothing.
 *
 * <p><b>Aio groups.</b> Each group is one kernel aio context ({@code io_setup(groupSize)}) shared by up to
 * {@code groupSize} checkers, since {@code io_destroy} costs an RCU grace period (tens of milliseconds, far
 * more on big machines): a free never destroys a context, except that of a group it leaves holding only
 * reads of freed checkers; {@link #reset()} destroys the groups no live checker uses, {@link #unload()} all of
 * them, in parallel. Each group has a daemon thread, {@code directio-aio-group-N}, started with it and parked
 * until the group is destroyed, so that the {@code io_destroy} calls of all groups begin together and share
 * one grace period; it ends with its group, before the reset, unload or free that destroyed the group
 * returns (for a group that unload left to its reads in flight, right after {@link UnloadResult#released()}
 * completes). A host reads the groups and counters through {@link DirectioFigures}, which {@link #unwrap}
 * offers.
 *
 * <p><b>Options.</b> Class option {@code groupSize} (default 1024, from 1 to 65536): checkers per aio
 * context. Per path: the {@linkplain CheckerOptions#timeout() timeout} and the {@linkplain
 * CheckerOptions#mode() mode}; no properties.
 *
 * <p><b>Threading.</b> Every method of the class and of its checkers is thread-safe as the SPI requires;
 * checks of different checkers run in parallel, also within a group, and a thread that waits for its read is
 * woken as soon as any thread reaps it.
 */
public final class DirectioCheckerClass implements CheckerClass {
  /** The checker's name. */
  static final String NAME = "directio";

  private static final Logger logger = LoggerFactory.getLogger(DirectioCheckerClass.class);

  private final AioKernel kernel;
  private final LongSupplier clock;
  private final AioGroupPool pool;
  private final DirectioFigures figures;

  private final Object unloadLock = new Object();
  // Guarded by unloadLock.
  private UnloadResult unloadResult;

  /**
   * @param kernel the system calls
   * @param clock monotonic nanoseconds, for deadlines
   * @param groupSize the number of slots per group
   * @param destroyAllowanceNanos how long reset and unload wait at least for a group with reads in flight
   * @param destroyThreads makes the groups' destroy threads: a seam for tests of a thread that will not start
   */
  DirectioCheckerClass(
      AioKernel kernel,
      LongSupplier clock,
      int groupSize,
      long destroyAllowanceNanos,
      ThreadFactory destroyThreads) {
    this.kernel = kernel;
    this.clock = clock;
    this.pool =
        new AioGroupPool(
            kernel, clock, groupSize, destroyAllowanceNanos, destroyThreads, new DirectioCounters());
    this.figures = new Figures(pool);
  }

  /** As above, with plain threads for the groups. */
  DirectioCheckerClass(AioKernel kernel, LongSupplier clock, int groupSize, long destroyAllowanceNanos) {
    this(kernel, clock, groupSize, destroyAllowanceNanos, Thread::new);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Returns true: directio honours {@link CheckMode#ASYNC}. */
  @Override
  public boolean isAsyncCapable() {
    return true;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Joins the device's checker to an aio group (creating one when all are full) and sets {@code O_DIRECT}
   * on its descriptor. Fails when the file system does not support {@code O_DIRECT}, when the device's block
   * size is 0, or when {@code io_setup} fails (with {@code EAGAIN}: the system-wide {@code fs.aio-max-nr} is
   * reached; the message gives its value and the fix).
   */
  @Override
  public Checker init(PathDevice device, CheckerOptions options) throws CheckerInitException {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(options, "options");
    options.requireNoProperties(NAME, device);
    if (pool.isClosed()) {
      throw AioGroupPool.closedException();
    }
    long timeoutNanos = saturatedNanos(options.timeout());
    if (device.fd() < 0) {
      // Nothing to set up: the checker answers wild, as the SPI asks, and holds nothing.
      return new DirectioChecker(
          this, DirectDevice.withoutDescriptor(device), null, -1, timeoutNanos, options.mode());
    }
    DirectDevice direct = DirectDevice.prepare(kernel, device);
    try {
      return pool.join(
          device,
          (group, slot) -> new DirectioChecker(this, direct, group, slot, timeoutNanos, options.mode()));
    } catch (CheckerInitException | RuntimeException e) {
      direct.restore(kernel);
      throw e;
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reaps the completions of every aio group of the class until no live checker's read is in flight, then
   * returns {@code true}: the checkers' {@code pending()} then answer from what was reaped. Reads of freed
   * checkers are not waited for. One {@code io_getevents} call waits for as many completions as there are
   * reads (up to 128 a call), so the thread wakes once per batch, not per read.
   */
  @Override
  public boolean awaitAnswers(Duration maxWait) throws InterruptedException {
    Objects.requireNonNull(maxWait, "maxWait");
    if (pool.isClosed() || maxWait.isNegative() || maxWait.isZero()) {
      return true;
    }
    pool.awaitAnswers(now() + saturatedNanos(maxWait));
    return true;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Destroys, in parallel, the aio groups no live checker holds a slot in (empty ones, and those holding
   * only reads of freed checkers). Waits for them, except for a group whose reads are still in flight past
   * their deadline (a hung device): that one is released in the background when the reads complete.
   */
  @Override
  public void reset() {
    List<String> outstanding = pool.destroyUnused();
    if (!outstanding.isEmpty()) {
      logger.warn(
          "directio reset: {} aio group(s) still wait for reads in flight and are released when those"
              + " complete: {}",
          outstanding.size(),
          outstanding);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Frees the live checkers (restoring their descriptors' flags; their reads in flight become orphans),
   * then destroys every aio group in parallel, and waits for each until its {@code io_destroy} returned, or,
   * for a group with reads in flight, until the latest of their deadlines (and at least about a second). A
   * group still busy then, on a hung device, is reported as outstanding and released, with its native memory,
   * when the kernel completes its reads; {@link UnloadResult#released()} completes then.
   */
  @Override
  public UnloadResult unload() {
    synchronized (unloadLock) {
      if (unloadResult == null) {
        unloadResult = pool.close();
      }
      return unloadResult;
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Offers {@link DirectioFigures}: the class's aio groups and counters.
   */
  @Override
  public <T> Optional<T> unwrap(Class<T> type) {
    Objects.requireNonNull(type, "type");
    return type == DirectioFigures.class ? Optional.of(type.cast(figures)) : Optional.empty();
  }

  /** Returns what {@link DirectioFigures#snapshot()} returns: for the module's own tests and benchmarks. */
  DirectioSnapshot snapshot() {
    return pool.snapshot();
  }

  /** Returns the class option {@code groupSize} this class was loaded with. */
  int groupSize() {
    return pool.groupSize();
  }

  long now() {
    return clock.getAsLong();
  }

  boolean isUnloaded() {
    return pool.isClosed();
  }

  /** Frees a live checker's slot, its flags restored: see {@link AioGroupPool#release}. */
  void release(DirectioChecker checker) {
    pool.release(checker);
  }

  /** Gives {@code device}'s descriptor its flags back: see {@link DirectDevice#restore}. */
  void restore(DirectDevice device) {
    device.restore(kernel);
  }

  /** Returns {@code duration} in nanoseconds, or a century's worth when it does not fit. */
  static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 2;
    }
  }

  @Override
  public String toString() {
    return "DirectioCheckerClass{groupSize=" + pool.groupSize() + "}";
  }

  /** The view {@link #unwrap} offers: reads only, and holds the pool, not the class. */
  private static final class Figures implements DirectioFigures {
    private final AioGroupPool pool;

    Figures(AioGroupPool pool) {
      this.pool = pool;
    }

    @Override
    public DirectioSnapshot snapshot() {
      return pool.snapshot();
    }

    @Override
    public int groupSize() {
      return pool.groupSize();
    }

    @Override
    public String toString() {
      return "DirectioFigures{groupSize=" + pool.groupSize() + "}";
    }
  }
}
