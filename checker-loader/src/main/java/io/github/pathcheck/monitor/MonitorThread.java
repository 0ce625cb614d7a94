package io.github.pathcheck.monitor;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread of a {@link PathMonitor}: a daemon thread that runs rounds until the monitor is closed, idling
 * between them until the next path is due or until it is {@linkplain #wake() woken}. An interrupt only wakes
 * it; it ends once the monitor says it is closed. Thread-safe.
 */
final class MonitorThread {
  private static final Logger logger = LoggerFactory.getLogger(MonitorThread.class);

  private final LongSupplier round;
  private final BooleanSupplier closed;
  private final long fallbackNanos;
  private final ReentrantLock wakeLock = new ReentrantLock();
  private final Condition wakeup = wakeLock.newCondition();
  private final Thread thread;

  private boolean wakeRequested; // guarded by wakeLock

  /**
   * Creates the thread, not started.
   *
   * @param round runs one round under the monitor's round lock and returns the nanoseconds until the next
   *     path is due
   * @param closed tells whether the monitor is closed
   * @param fallbackNanos how long to idle after a round that failed
   */
  MonitorThread(String name, LongSupplier round, BooleanSupplier closed, long fallbackNanos) {
    this.round = round;
    this.closed = closed;
    this.fallbackNanos = fallbackNanos;
    this.thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.setUncaughtExceptionHandler(
        (t, e) -> logger.error("The path monitor's thread {} died; paths are no longer checked", t.getName(), e));
  }

  void start() {
    thread.start();
  }

  String name() {
    return thread.getName();
  }

  boolean isCurrentThread() {
    return Thread.currentThread() == thread;
  }

  /** Ends an idle wait early: a path was added, disabled or enabled, or the monitor closed. */
  void wake() {
    wakeLock.lock();
    try {
      wakeRequested = true;
      wakeup.signalAll();
    } finally {
      wakeLock.unlock();
    }
  }

  /** Waits for the thread to end, uninterruptibly; the monitor must be closed and the thread woken. */
  void join() {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    logger.debug("Path monitor thread started");
    while (!closed.getAsBoolean()) {
      long waitNanos;
      try {
        waitNanos = round.getAsLong();
      } catch (RuntimeException e) {
        logger.error("A path monitor round failed; trying again next interval", e);
        waitNanos = fallbackNanos;
      }
      idle(waitNanos);
    }
    logger.debug("Path monitor thread stopped");
  }

  private void idle(long nanos) {
    wakeLock.lock();
    try {
      long left = nanos;
      while (!wakeRequested && !closed.getAsBoolean() && left > 0) {
        left = wakeup.awaitNanos(left);
      }
      wakeRequested = false;
    } catch (InterruptedException e) {
      // Nobody but close should stop the loop: an interrupt only wakes it.
    } finally {
      wakeLock.unlock();
    }
  }
}
