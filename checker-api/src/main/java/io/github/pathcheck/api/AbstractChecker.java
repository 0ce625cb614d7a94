package io.github.pathcheck.api;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A skeletal {@link Checker}, the partner of {@link AbstractCheckerClass}: it refuses calls after free or unload
 * with an {@link IllegalStateException} naming the path, answers a device without a descriptor {@link
 * CheckResult#NO_USABLE_FD}, makes {@link #free()} idempotent, and never runs {@link #release()} while a probe
 * runs. An author writes {@link #probe()}, and {@link #release()} if the checker holds anything.
 *
 * <pre>{@code
 * final class SysfsStateChecker extends AbstractChecker {
 *   SysfsStateChecker(SysfsStateClass owner, PathDevice device) {
 *     super(owner, device);
 *   }
 *
 *   @Override
 *   protected CheckResult probe() {
 *     return readState().equals("running") ? CheckResult.UP : CheckResult.DOWN;
 *   }
 * }
 * }</pre>
 *
 * <p><b>Synchronous and asynchronous.</b> A synchronous checker (its class is not asynchronous-capable) writes
 * only {@link #probe()}, which may block: the framework runs it off the host's thread and bounds it by the
 * checker timeout. An asynchronous one starts its check in {@link #probe()}, answers {@link
 * CheckResult#PENDING} (or a pending result of its own), and overrides {@link #poll()} and {@link #waitAdvised()};
 * none of the three may block.
 *
 * <p><b>Threading.</b> As {@link Checker} says: one call at a time. {@link #release()} runs once, after the
 * last call on the checker has returned, on the thread that frees (or on the thread whose call returned after
 * an unload freed it meanwhile).
 */
public abstract class AbstractChecker implements Checker {
  private final AbstractCheckerClass owner;
  private final PathDevice device;

  private boolean busy; // guarded by owner.lock
  private String freedBy; // guarded by owner.lock; null while live
  private boolean releaseWhenIdle; // guarded by owner.lock
  private boolean released; // guarded by owner.lock
  private boolean awaitedByUnload; // guarded by owner.lock; busy when its class was unloaded

  /**
   * Creates the checker of {@code device} for {@code owner}, from its {@link AbstractCheckerClass#newChecker}.
   */
  protected AbstractChecker(AbstractCheckerClass owner, PathDevice device) {
    this.owner = Objects.requireNonNull(owner, "owner");
    this.device = Objects.requireNonNull(device, "device");
  }

  /** Returns the device this checker checks. */
  protected final PathDevice device() {
    return device;
  }

  final AbstractCheckerClass owner() {
    return owner;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Answers {@link CheckResult#NO_USABLE_FD} for a device without a descriptor, else calls {@link #probe()}.
   */
  @Override
  public final CheckResult check() {
    enter();
    try {
      if (device.fd() < 0) {
        return CheckResult.NO_USABLE_FD;
      }
      return Objects.requireNonNull(probe(), "probe() returned null");
    } finally {
      exit();
    }
  }

  /**
   * Checks the path: the final answer, or, for an asynchronous checker, a pending one once the check is
   * started (or found still in flight). The device has a descriptor. Failures of the path are answers, not
   * exceptions.
   */
  protected abstract CheckResult probe();

  /** {@inheritDoc} Calls {@link #poll()}. */
  @Override
  public final CheckResult pending() {
    enter();
    try {
      return Objects.requireNonNull(poll(), "poll() returned null");
    } finally {
      exit();
    }
  }

  /**
   * Collects the answer of the check in flight, without blocking; for asynchronous checkers. The default, for
   * a checker whose {@link #probe()} always answers at once, throws {@link IllegalStateException}: there is
   * nothing to collect.
   */
  protected CheckResult poll() {
    throw new IllegalStateException(
        owner.name() + " checker for " + device.path() + ": no check in flight; it answers every check at once");
  }

  /** {@inheritDoc} Calls {@link #waitAdvised()}. */
  @Override
  public final boolean needWait() {
    enter();
    try {
      return waitAdvised();
    } finally {
      exit();
    }
  }

  /**
   * Returns whether a check in flight was started and not looked at since, for {@link #needWait()}. Default:
   * false.
   */
  protected boolean waitAdvised() {
    return false;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Removes the checker from its class's live set and calls {@link #release()}: at once, or when a call on
   * another thread returns.
   */
  @Override
  public final void free() {
    boolean releaseNow;
    synchronized (owner.lock) {
      if (freedBy != null) {
        return;
      }
      freedBy = "was freed";
      releaseNow = !busy;
      releaseWhenIdle = busy;
      if (releaseNow) {
        owner.forget(this); // a busy checker stays in the live set until its call returns
      }
    }
    if (releaseNow) {
      releaseOnce();
    }
  }

  /**
   * Releases what this checker holds and restores what it changed on the device, once; never closes the device.
   * Default: nothing.
   */
  protected void release() {}

  /** Marks the checker freed by its class's unload; returns whether no call runs, so the caller releases it. */
  final boolean markFreedByUnload() {
    // Called under owner.lock.
    if (freedBy == null) {
      freedBy = "was freed when its class was unloaded";
    }
    releaseWhenIdle = busy;
    awaitedByUnload = busy;
    return !busy;
  }

  final void releaseOnce() {
    synchronized (owner.lock) {
      if (released) {
        return;
      }
      released = true;
    }
    release();
  }

  private void enter() {
    synchronized (owner.lock) {
      if (freedBy == null && owner.unloadedUnderLock()) {
        freedBy = "was freed when its class was unloaded";
      }
      if (freedBy != null) {
        throw new IllegalStateException(
            "the " + owner.name() + " checker for " + device.path() + " " + freedBy + "; init a new one");
      }
      if (busy) {
        throw new IllegalStateException(
            "the "
                + owner.name()
                + " checker for "
                + device.path()
                + " is already in a call on another thread; a checker is called by one thread at a time");
      }
      busy = true;
    }
  }

  private void exit() {
    boolean release;
    CompletableFuture<Void> quiesced = null;
    synchronized (owner.lock) {
      busy = false;
      release = releaseWhenIdle;
      releaseWhenIdle = false;
      if (release) {
        owner.forget(this);
      }
      if (awaitedByUnload) {
        awaitedByUnload = false;
        quiesced = owner.busyCallReturned();
      }
    }
    if (release) {
      try {
        releaseOnce();
      } finally {
        if (quiesced != null) {
          quiesced.complete(null);
        }
      }
    }
  }

  @Override
  public String toString() {
    synchronized (owner.lock) {
      return owner.name() + " checker for " + device.path() + (freedBy == null ? "" : " (freed)");
    }
  }
}
