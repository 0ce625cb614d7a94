package io.github.pathcheck.directio;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that tears down one aio group: started when the group is created, it waits until {@link
 * #destroy()} is called, runs the teardown it was given ({@code io_destroy}, then the group's native memory),
 * completes {@link #destroy()}'s future, and ends.
 *
 * <p><b>Why a thread per group, started ahead.</b> {@code io_destroy} blocks its thread for an RCU grace
 * period, and concurrent calls share one only when they begin within a grace period's start: a call that
 * begins a few milliseconds late waits for the next. Threads started when an unload begins begin their calls
 * as late as the JVM starts them ({@code Thread.start()} returns once the new thread runs: milliseconds for
 * dozens of threads on a small, busy machine). Waking threads that already run takes microseconds, so the
 * calls of all groups begin together.
 *
 * <p><b>Cost.</b> One parked thread per group, that is per {@code groupSize} checkers (1024 by default),
 * for as long as the group exists; it holds no lock and no native resource of its own.
 *
 * <p><b>Threading.</b> {@link #destroy()} may be called from any thread, more than once. The teardown runs
 * on this object's thread only, once; completing {@link #whenDestroyed()} is the thread's last action, so
 * {@link #awaitThreadEnd()} is the stronger wait. Not starting the thread (when
 * {@link #start()} fails) leaves nothing behind.
 */
final class GroupDestroyer {
  private static final Logger logger = LoggerFactory.getLogger(GroupDestroyer.class);

  private final CountDownLatch released = new CountDownLatch(1);
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final Thread thread;

  /**
   * @param name the thread's name
   * @param threads makes the (unstarted) thread; {@code Thread::new} but in tests
   * @param teardown what to run when {@link #destroy()} is called; an exception it throws is logged, and the
   *     future completes normally all the same (the group is gone from the registry either way)
   */
  GroupDestroyer(String name, ThreadFactory threads, Runnable teardown) {
    this.thread = threads.newThread(() -> awaitAndRun(teardown));
    thread.setName(name);
    thread.setDaemon(true);
  }

  /**
   * Starts the thread, which then waits for {@link #destroy()}.
   *
   * @throws OutOfMemoryError when the JVM cannot start another thread
   */
  void start() {
    thread.start();
  }

  /** Lets the thread run the teardown. */
  void destroy() {
    released.countDown();
  }

  /**
   * Returns a future that completes once the teardown returned or threw, without letting the thread run: for
   * a caller that cannot wait, such as the stage an unload hands back for groups still being destroyed.
   */
  CompletableFuture<Void> whenDestroyed() {
    return done;
  }

  /**
   * Waits until the thread has ended, the teardown done: for a caller that woke it with {@link #destroy()}
   * and promises its own caller that the group and its thread are gone. An interrupt is kept for later, not
   * obeyed: the teardown was started and its caller must not return half-way.
   */
  void awaitThreadEnd() {
    join(() -> Long.MAX_VALUE);
  }

  /**
   * As {@link #awaitThreadEnd()}, but no longer than until {@code clock} reaches {@code deadline}.
   *
   * @return whether the thread has ended
   */
  boolean awaitThreadEnd(long deadline, LongSupplier clock) {
    return join(() -> deadline - clock.getAsLong());
  }

  /** Joins the thread while {@code remainingNanos} is positive, keeping an interrupt for later. */
  private boolean join(LongSupplier remainingNanos) {
    boolean interrupted = false;
    while (thread.isAlive()) {
      long remaining = remainingNanos.getAsLong();
      if (remaining <= 0) {
        break;
      }
      try {
        thread.join(remaining / 1_000_000, (int) (remaining % 1_000_000));
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  private void awaitAndRun(Runnable teardown) {
    boolean waiting = true;
    while (waiting) {
      try {
        released.await();
        waiting = false;
      } catch (InterruptedException e) {
        // Nobody but a host interrupting every thread does this; the group still needs its teardown.
      }
    }
    try {
      teardown.run();
    } catch (RuntimeException | Error e) {
      logger.error("directio: {} failed", thread.getName(), e);
    } finally {
      done.complete(null);
    }
  }
}
