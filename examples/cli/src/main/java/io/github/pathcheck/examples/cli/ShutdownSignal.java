package io.github.pathcheck.examples.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ctrl-C (SIGINT) and SIGTERM for a command that must clean up: a JVM shutdown hook that asks the command to
 * stop and then waits until the command says it has cleaned up.
 *
 * <p>Exactly one party cleans up: the command, on its own thread, in its {@code finally} blocks, then {@link
 * #close()}. The hook only {@linkplain #requestStop() asks} and waits. Only if the command has not closed
 * the signal within the bound (it is stuck, say in a check that does not return) does the hook run the
 * fallback, which must be the same once-only cleanup the command runs, so that whichever comes first does it
 * and the other finds nothing left to do.
 *
 * <p>On a normal exit {@link #close()} removes the hook, so that nothing of it outlives the command (in tests
 * the JVM goes on). Thread-safe.
 */
final class ShutdownSignal implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(ShutdownSignal.class);

  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch cleanedUp = new CountDownLatch(1);
  private final Runnable fallback;
  private final Duration bound;
  private final Thread hook;

  /** A signal whose hook is not installed: {@link #install} installs it; tests call {@link #onShutdown()}. */
  ShutdownSignal(String name, Runnable fallback, Duration bound) {
    this.fallback = fallback;
    this.bound = bound;
    this.hook = new Thread(this::onShutdown, name);
  }

  /**
   * Installs the hook.
   *
   * @param name the hook thread's name
   * @param fallback the command's once-only cleanup, run by the hook only if the command has not cleaned up
   *     within {@code bound}
   * @param bound how long the hook waits for the command to clean up
   */
  static ShutdownSignal install(String name, Runnable fallback, Duration bound) {
    ShutdownSignal signal = new ShutdownSignal(name, fallback, bound);
    Runtime.getRuntime().addShutdownHook(signal.hook);
    return signal;
  }

  /**
   * Asks the command to stop: what the hook does on SIGINT or SIGTERM. The command sees it in {@link
   * #isStopRequested()} and {@link #awaitStop}. Idempotent.
   */
  void requestStop() {
    if (stopRequested.compareAndSet(false, true)) {
      stop.countDown();
    }
  }

  /** Returns whether a stop was requested. */
  boolean isStopRequested() {
    return stopRequested.get();
  }

  /**
   * Waits until a stop is requested or {@code timeout} has passed.
   *
   * @return whether a stop was requested
   */
  boolean awaitStop(Duration timeout) throws InterruptedException {
    return stop.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * What the hook runs at shutdown: asks the command to stop, waits up to the bound for {@link #close()}, and
   * runs the fallback only if it has not come.
   */
  void onShutdown() {
    requestStop();
    try {
      if (!cleanedUp.await(bound.toNanos(), TimeUnit.NANOSECONDS)) {
        logger.warn("The command did not clean up within {}; cleaning up from the shutdown hook", bound);
        fallback.run();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      logger.warn("Cleaning up from the shutdown hook failed", e);
    }
  }

  /**
   * Says the command has cleaned up: a hook that is running returns at once; on a normal exit the hook is
   * removed. Idempotent.
   */
  @Override
  public void close() {
    cleanedUp.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shutdownInProgress) {
      // The JVM is shutting down: the hook runs (or ran) and now returns at once.
    }
  }
}
