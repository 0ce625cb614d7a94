package io.github.pathcheck.agent;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovers again each second for ten seconds after an NVMe controller's event, on a thread of its own, {@code
 * pathcheck-agent-nvme-rescan}: the kernel scans a controller's namespaces only after its {@code add} and {@code
 * change} events and sends no event for the per-controller path disks the scan makes (a hidden disk's events stay
 * suppressed), so a path through a newly connected controller appears in sysfs only after the last event about
 * it. Each event starts the window again. Thread-safe; {@link #close()} stops the thread and waits for it.
 */
final class NvmeRescan implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(NvmeRescan.class);
  static final String THREAD_NAME = "pathcheck-agent-nvme-rescan";
  static final Duration WINDOW = Duration.ofSeconds(10);
  static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final Duration CLOSE_BOUND = Duration.ofSeconds(10);

  private final Runnable rediscover;
  private final long windowNanos;
  private final long intervalNanos;
  private final ScheduledExecutorService timer;
  private final JoiningThreads threads = new JoiningThreads(THREAD_NAME);
  private long until; // guarded by this
  private ScheduledFuture<?> task; // guarded by this

  /** A rescan that calls {@code rediscover} each second for ten seconds after each {@link #trigger}. */
  NvmeRescan(Runnable rediscover) {
    this(rediscover, WINDOW, INTERVAL);
  }

  /** A rescan with another window and interval; for tests. */
  NvmeRescan(Runnable rediscover, Duration window, Duration interval) {
    this.rediscover = rediscover;
    this.windowNanos = window.toNanos();
    this.intervalNanos = interval.toNanos();
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, threads);
    executor.setRemoveOnCancelPolicy(true);
    this.timer = executor;
  }

  /** Starts the window again: {@code rediscover} runs each interval until it ends. Nothing after close. */
  synchronized void trigger() {
    until = System.nanoTime() + windowNanos;
    if (task == null && !timer.isShutdown()) {
      task = timer.scheduleWithFixedDelay(this::tick, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
    }
  }

  /** Returns whether a window is open: {@code rediscover} is still to run. */
  synchronized boolean active() {
    return task != null;
  }

  /** Returns the threads the rescan made so far (none before its first trigger); for tests. */
  List<Thread> threads() {
    return threads.threads();
  }

  private void tick() {
    synchronized (this) {
      if (System.nanoTime() - until >= 0) {
        task.cancel(false);
        task = null;
        return;
      }
    }
    try {
      rediscover.run();
    } catch (RuntimeException e) {
      logger.error("discovering NVMe paths again failed; trying again in {}", Duration.ofNanos(intervalNanos), e);
    }
  }

  /**
   * Stops the thread and waits for it (a discovery in progress included) up to ten seconds. Not to be called
   * while holding what {@code rediscover} waits for.
   */
  @Override
  public void close() {
    synchronized (this) {
      timer.shutdownNow();
      task = null;
    }
    try {
      if (!threads.join(CLOSE_BOUND)) {
        logger.warn("the NVMe rescan is still discovering after {}; it ends when done", CLOSE_BOUND);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
