package io.github.pathcheck.loader;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a registry runs the calls into checker classes that it waits for with a bound ({@code reset}, {@code
 * unload}): daemon threads named {@code pathcheck-lifecycle-<n>}, made on demand and ended after a few idle
 * seconds, or at once by {@link #shutdown()}. A call that outlives its bound keeps its thread until it returns.
 * Thread-safe.
 */
final class LifecycleCalls {
  private static final long KEEP_ALIVE_SECONDS = 5;

  private final Duration timeout;
  private final ThreadPoolExecutor executor;
  /** Calls running on the executor; each leaves the count before its result is published. */
  private final AtomicInteger running = new AtomicInteger();

  LifecycleCalls(Duration timeout) {
    this.timeout = timeout;
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            KEEP_ALIVE_SECONDS,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            task -> {
              Thread thread = new Thread(task, "pathcheck-lifecycle-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Returns how long a host thread waits for one of these calls. */
  Duration timeout() {
    return timeout;
  }

  /**
   * Runs {@code action} with {@code contextLoader} as the context class loader, on a thread of its own, or on
   * the calling thread once the registry is closed (so a late unload still runs).
   */
  <T> CompletableFuture<T> call(ClassLoader contextLoader, Callable<T> action) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Runnable task =
        () -> {
          T value;
          try {
            value = CheckerSlot.callInContext(contextLoader, action);
          } catch (RuntimeException | Error e) {
            running.decrementAndGet();
            result.completeExceptionally(e);
            return;
          }
          running.decrementAndGet();
          result.complete(value);
        };
    running.incrementAndGet();
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      task.run();
    }
    return result;
  }

  /**
   * Ends the idle threads now, and waits (at most the timeout) until they have ended when no call is running;
   * threads of calls still running end when their calls return.
   */
  void shutdown() {
    executor.shutdown();
    if (running.get() == 0) {
      try {
        executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
