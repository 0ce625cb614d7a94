package io.github.pathcheck.loader;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads on which one loaded checker class's blocking calls run: at most {@code size} daemon threads,
 * named {@code pathcheck-<checker>-<n>}, each with the plugin's class loader as its context class loader. Idle
 * threads end after a while; {@link #shutdown()} lets the calls already queued run and starts no thread after.
 *
 * <p>It knows every call submitted to it and not yet returned, queued or running (what, on which path, since
 * when), so that an unload can name the calls still outstanding, and {@link #terminated()} completes once the
 * last of them has returned and the last thread has ended. Thread-safe.
 */
final class CheckerPool {
  private static final Logger logger = LoggerFactory.getLogger(CheckerPool.class);
  private static final long KEEP_ALIVE_SECONDS = 30;

  /** One call run on the pool. */
  abstract static class Call implements Runnable {
    final Path path;
    final String what;
    volatile Thread thread;
    volatile Instant startedAt;

    Call(Path path, String what) {
      this.path = path;
      this.what = what;
    }

    /** Runs the call's action; the pool sets the context class loader and tracks it around it. */
    abstract void execute();

    @Override
    public final void run() {
      throw new UnsupportedOperationException("submit calls through CheckerPool.submit");
    }
  }

  private final String checkerName;
  private final ClassLoader contextLoader;
  private final ThreadPoolExecutor executor;
  private final Set<Call> running = new LinkedHashSet<>(); // guarded by itself; queued or running
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();

  CheckerPool(String checkerName, ClassLoader contextLoader, int size) {
    this.checkerName = checkerName;
    this.contextLoader = contextLoader;
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            size,
            size,
            KEEP_ALIVE_SECONDS,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, "pathcheck-" + checkerName + "-" + threads.incrementAndGet());
              thread.setDaemon(true);
              if (contextLoader != null) {
                thread.setContextClassLoader(contextLoader);
              }
              return thread;
            }) {
          @Override
          protected void terminated() {
            CheckerPool.this.terminated.complete(null);
          }
        };
    executor.allowCoreThreadTimeOut(true);
  }

  /**
   * Queues {@code call}.
   *
   * @throws IllegalStateException if the pool was shut down: the class was unloaded
   */
  void submit(Call call) {
    // Tracked from now, not from when a thread takes it: a call still queued at unload runs the class's code
    // after the unload returned, so the unload must count it as outstanding.
    synchronized (running) {
      running.add(call);
    }
    try {
      executor.execute(() -> runTracked(call));
    } catch (RejectedExecutionException e) {
      synchronized (running) {
        running.remove(call);
      }
      throw new IllegalStateException(
          "cannot " + call.what + " " + call.path + ": the " + checkerName + " checker class was unloaded", e);
    }
  }

  private void runTracked(Call call) {
    Thread thread = Thread.currentThread();
    call.thread = thread;
    call.startedAt = Instant.now();
    ClassLoader previous = CheckerSlot.enterContext(contextLoader);
    try {
      call.execute();
    } catch (RuntimeException | Error e) {
      logger.warn("A call of the {} checker on {} failed", checkerName, call.path, e);
    } finally {
      CheckerSlot.restoreContext(previous);
      synchronized (running) {
        running.remove(call);
      }
      Thread.interrupted(); // an interrupt meant for the call must not reach the next one
    }
  }

  /**
   * Starts no new thread after the calls already queued; returns the calls still queued or running, one line
   * each.
   */
  List<String> shutdown() {
    executor.shutdown();
    return outstanding();
  }

  /** Returns the calls submitted and not returned yet, one line each: queued, or running since when, where. */
  List<String> outstanding() {
    List<String> stuck = new ArrayList<>();
    synchronized (running) {
      for (Call call : running) {
        Thread thread = call.thread;
        Instant startedAt = call.startedAt;
        if (startedAt == null) {
          stuck.add(call.what + " of " + call.path + " by the " + checkerName + " checker, queued");
          continue;
        }
        stuck.add(
            call.what
                + " of "
                + call.path
                + " by the "
                + checkerName
                + " checker, running since "
                + startedAt
                + " on thread "
                + (thread == null ? "?" : thread.getName()));
      }
    }
    return stuck;
  }

  /** Completes once the pool is shut down and its last thread has ended. */
  CompletableFuture<Void> terminated() {
    return terminated;
  }

  /** Returns the number of calls queued or running now; for tests and diagnostics. */
  int running() {
    synchronized (running) {
      return running.size();
    }
  }

  @Override
  public String toString() {
    return "CheckerPool[" + checkerName + ", " + running() + " running]";
  }
}
