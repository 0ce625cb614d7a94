package io.github.pathcheck.monitor;

import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerInitException;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.loader.CheckerHandle;
import io.github.pathcheck.loader.CheckerRegistry;
import io.github.pathcheck.loader.PathChecker;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One path a {@link PathMonitor} watches: its device, its {@link PathChecker} and the handle that keeps the
 * checker's class loaded, its published status and its schedule.
 *
 * <p><b>Locks.</b> {@link #calls} is held around every call into the checker, including {@link #release()}'s
 * close: a checker is never called after it is closed. Calls on a {@link PathChecker} never wait for the
 * device, so holding it is brief. The object's monitor
 * guards the small shared state (status, schedule, disabled, removed, epoch); it is never held while calling
 * the checker or a listener. The fields marked "round only" are touched only by the thread running a round,
 * under the monitor's round lock.
 */
final class MonitoredPath {
  private static final Logger logger = LoggerFactory.getLogger(MonitoredPath.class);

  final PathDevice device;
  final Path path;
  final String checkerName;
  final CheckerHandle handle;
  final PathChecker checker;
  final ReentrantLock calls = new ReentrantLock();

  private boolean freed; // guarded by calls

  private volatile PathStatus status; // written under this; read anywhere
  private long nextDueNanos; // guarded by this
  private boolean disabled; // guarded by this
  private boolean removed; // guarded by this
  private long epoch; // guarded by this; incremented by disable, so checks started before are dropped

  // round only
  boolean inFlight;
  long checkStartNanos;
  long checkEpoch;
  boolean failing;
  long duePass; // the DueQueue pass that last returned the path

  MonitoredPath(
      PathDevice device,
      String checkerName,
      CheckerHandle handle,
      PathChecker checker,
      PathStatus initial,
      long dueNanos) {
    this.device = device;
    this.path = device.path();
    this.checkerName = checkerName;
    this.handle = handle;
    this.checker = checker;
    this.status = initial;
    this.nextDueNanos = dueNanos;
  }

  /**
   * Acquires the class {@code checkerName} and inits the checker of {@code device}; the path is unchecked
   * since {@code at} and due at {@code nowNanos}. Nothing is left acquired when it throws.
   */
  static MonitoredPath open(
      CheckerRegistry registry,
      PathDevice device,
      String checkerName,
      CheckerOptions options,
      long nowNanos,
      Instant at)
      throws CheckerInitException {
    CheckerHandle handle = registry.acquire(checkerName);
    PathChecker checker;
    try {
      checker = handle.init(device, options);
    } catch (CheckerInitException | RuntimeException | Error e) {
      handle.close();
      throw e;
    }
    PathStatus initial = PathStatus.unchecked(device.path(), checkerName, at);
    return new MonitoredPath(device, checkerName, handle, checker, initial, nowNanos);
  }

  PathStatus status() {
    return status;
  }

  /**
   * Returns the epoch a check starting now belongs to, or -1 if the path must not be checked at {@code
   * nowNanos}: removed, disabled, or not due.
   */
  synchronized long epochIfDue(long nowNanos) {
    if (removed || disabled || nowNanos - nextDueNanos < 0) {
      return -1;
    }
    return epoch;
  }

  /** Returns whether the path is still watched and checks of {@code checkEpoch} still count. */
  synchronized boolean isCurrent(long checkEpoch) {
    return !removed && !disabled && checkEpoch == epoch;
  }

  synchronized void scheduleAt(long dueNanos) {
    nextDueNanos = dueNanos;
  }

  /** Returns when the path is due next, or {@link Long#MAX_VALUE} if it is removed or disabled. */
  synchronized long nextDueIfScheduled() {
    return removed || disabled ? Long.MAX_VALUE : nextDueNanos;
  }

  /**
   * Publishes the status {@code update} makes of the current one if checks of {@code checkEpoch} still
   * count, queueing a transition when the state changes; returns whether it published.
   */
  synchronized boolean publishIfCurrent(
      long checkEpoch, UnaryOperator<PathStatus> update, Queue<Transition> transitions) {
    if (removed || disabled || checkEpoch != epoch) {
      return false;
    }
    publish(update.apply(status), transitions);
    return true;
  }

  private void publish(PathStatus next, Queue<Transition> transitions) {
    PathStatus previous = status;
    status = next;
    if (previous.state() != next.state()) {
      transitions.add(new Transition(previous, next));
    }
  }

  /**
   * Marks the path disabled, so that no check runs and the answers of checks started before never count, and
   * publishes the status {@code update} makes of the current one; returns whether the path was enabled.
   */
  synchronized boolean disable(UnaryOperator<PathStatus> update, Queue<Transition> transitions) {
    if (removed || disabled) {
      return false;
    }
    disabled = true;
    epoch++;
    publish(update.apply(status), transitions);
    return true;
  }

  /** Re-enables the path, due at {@code dueNanos}; returns whether it was disabled. */
  synchronized boolean enable(long dueNanos) {
    if (removed || !disabled) {
      return false;
    }
    disabled = false;
    nextDueNanos = dueNanos;
    return true;
  }

  synchronized void markRemoved() {
    removed = true;
  }

  /**
   * Closes the checker, waiting for a call in progress on another thread to return (calls on a {@link
   * PathChecker} never wait for a device), then drops the handle's reference. Idempotent; never throws.
   *
   * @return a stage that completes when the path's checker is released ({@link PathChecker#released()})
   */
  CompletableFuture<Void> release() {
    calls.lock();
    try {
      if (!freed) {
        freed = true;
        checker.close();
      }
    } finally {
      calls.unlock();
    }
    try {
      handle.close();
    } catch (RuntimeException | Error e) {
      logger.warn("Releasing checker {} after removing {} failed", checkerName, path, e);
    }
    return checker.released().toCompletableFuture();
  }

  /** Takes {@link #calls} and returns true if the checker may be called; the caller unlocks. */
  boolean lockForCall() {
    calls.lock();
    if (freed) {
      calls.unlock();
      return false;
    }
    return true;
  }

  @Override
  public String toString() {
    return "MonitoredPath[" + path + ", " + checkerName + "]";
  }
}
