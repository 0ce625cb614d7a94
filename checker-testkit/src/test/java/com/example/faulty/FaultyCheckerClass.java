package com.example.faulty;

import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.UnloadResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The class of a {@link FaultyCheckerProvider}'s checkers: owns the worker thread. Thread-safe. */
public final class FaultyCheckerClass implements CheckerClass {
  private final String name;
  private final Fault fault;
  private final Worker worker;
  private final Set<FaultyChecker> live = new LinkedHashSet<>(); // guarded by this

  /** {@link Fault#UNSYNCHRONISED_STATIC_MAP}: every class's live checkers, used without a lock (the fault). */
  private static final Map<FaultyChecker, FaultyCheckerClass> ALL_LIVE = new HashMap<>();

  /** {@link Fault#UNSYNCHRONISED_LIVE_SET}: the live set and count, used without a lock (the fault). */
  private final Set<FaultyChecker> unguardedLive = new HashSet<>();
  private int unguardedCount;
  private final CompletableFuture<Void> allFreed = new CompletableFuture<>();
  private volatile boolean unloading;
  private UnloadResult unloaded; // guarded by this; null while loaded

  FaultyCheckerClass(String name, Fault fault) {
    this.name = name;
    this.fault = fault;
    this.worker = new Worker(name);
    worker.start();
    if (fault == Fault.LOG_HANDLER) {
      Logger.getLogger("").addHandler(new CountingHandler()); // the fault: never removed
    } else if (fault == Fault.SHUTDOWN_HOOK) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {}, "faulty-" + name + "-hook")); // never removed
    } else if (fault == Fault.IDLE_POOL) {
      // The fault: never shut down. Its thread times out after a while, so that the test's JVM gets it back.
      ThreadPoolExecutor pool =
          new ThreadPoolExecutor(
              1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> new Thread(r, "faulty-" + name + "-pool"));
      pool.allowCoreThreadTimeOut(true);
      pool.execute(() -> {});
    }
  }

  /** {@link Fault#LOG_HANDLER}: counts the records of the root logger. */
  static final class CountingHandler extends Handler {
    private int published;

    @Override
    public synchronized void publish(LogRecord record) {
      published++;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean isAsyncCapable() {
    return true;
  }

  @Override
  public Checker init(PathDevice device, CheckerOptions options) {
    FaultyChecker checker;
    synchronized (this) {
      if (unloaded != null && fault != Fault.WORKS_AFTER_UNLOAD) {
        throw new IllegalStateException("the " + name + " class was unloaded");
      }
      if (!options.properties().isEmpty() && fault != Fault.ACCEPTS_UNKNOWN_PROPERTIES) {
        throw new IllegalArgumentException(name + " takes no properties, got " + options.properties());
      }
      checker = new FaultyChecker(this, fault, device, options);
      if (fault == Fault.UNSYNCHRONISED_STATIC_MAP || fault == Fault.UNSYNCHRONISED_LIVE_SET) {
        // below, without the lock
      } else {
        live.add(checker);
        return checker;
      }
    }
    if (fault == Fault.UNSYNCHRONISED_STATIC_MAP) {
      ALL_LIVE.put(checker, this);
    } else {
      unguardedLive.add(checker);
      unguardedCount++;
    }
    return checker;
  }

  /** Answers false, as the default does, except for {@link Fault#AWAITS_NOTHING}, which claims to wait. */
  @Override
  public boolean awaitAnswers(Duration maxWait) {
    return fault == Fault.AWAITS_NOTHING;
  }

  @Override
  public void reset() {
    synchronized (this) {
      if (unloaded != null && fault != Fault.WORKS_AFTER_UNLOAD) {
        throw new IllegalStateException("the " + name + " class was unloaded");
      }
    }
    // Forgets each live checker's last answer, iterating without the lock where the fault is.
    if (fault == Fault.UNSYNCHRONISED_STATIC_MAP) {
      ALL_LIVE.forEach((checker, owner) -> checker.forgetLastAnswer());
    } else if (fault == Fault.UNSYNCHRONISED_LIVE_SET) {
      unguardedLive.forEach(FaultyChecker::forgetLastAnswer);
    } else {
      List<FaultyChecker> checkers;
      synchronized (this) {
        checkers = new ArrayList<>(live);
      }
      checkers.forEach(FaultyChecker::forgetLastAnswer);
    }
  }

  @Override
  public UnloadResult unload() {
    if (fault == Fault.DEADLOCKS_IN_UNLOAD) {
      Deadlock.enter();
    }
    List<FaultyChecker> toFree;
    synchronized (this) {
      if (unloaded != null) {
        return unloaded;
      }
      if (fault == Fault.UNSYNCHRONISED_STATIC_MAP) {
        List<FaultyChecker> mine = new ArrayList<>();
        ALL_LIVE.forEach(
            (checker, owner) -> {
              if (owner == this) {
                mine.add(checker);
              }
            });
        toFree = mine;
      } else if (fault == Fault.UNSYNCHRONISED_LIVE_SET) {
        toFree = new ArrayList<>(unguardedLive);
        unloading = true;
      } else {
        toFree = fault == Fault.UNLOAD_KEEPS_CHECKERS ? List.of() : new ArrayList<>(live);
      }
      live.clear();
      if (fault == Fault.UNSYNCHRONISED_LIVE_SET) {
        worker.queue.add(Worker.STOP);
        unloaded =
            UnloadResult.deferred(
                List.of("the " + name + " worker thread and live checkers"),
                CompletableFuture.allOf(worker.terminated, allFreed));
      } else if (fault == Fault.LEAKS_THREAD) {
        unloaded = UnloadResult.complete(); // and the worker runs on
      } else {
        worker.queue.add(Worker.STOP);
        unloaded =
            worker.terminated.isDone()
                ? UnloadResult.complete()
                : UnloadResult.deferred(List.of("the " + name + " worker thread"), worker.terminated);
      }
    }
    toFree.forEach(FaultyChecker::free);
    if (fault == Fault.UNSYNCHRONISED_LIVE_SET && unguardedCount == 0) {
      allFreed.complete(null);
    }
    return unloaded;
  }

  void forget(FaultyChecker checker) {
    switch (fault) {
      case FREE_KEEPS_IN_LIVE_SET:
        return; // the fault: the live set keeps it
      case UNSYNCHRONISED_STATIC_MAP:
        ALL_LIVE.remove(checker);
        return;
      case UNSYNCHRONISED_LIVE_SET:
        unguardedLive.remove(checker);
        unguardedCount--;
        if (unloading && unguardedCount == 0) {
          allFreed.complete(null);
        }
        return;
      default:
        synchronized (this) {
          live.remove(checker);
        }
    }
  }

  /** Runs {@code task} on the worker thread. */
  void submit(Runnable task) {
    worker.queue.add(task);
  }

  /** Ends every deadlock of {@link Fault#DEADLOCKS_IN_UNLOAD}: its unload calls then return. */
  public static void endDeadlocks() {
    Deadlock.END.countDown();
  }

  /** A lock held by a thread of its own until {@link #endDeadlocks()}, which unload waits for. */
  private static final class Deadlock {
    static final Object LOCK = new Object();
    static final CountDownLatch END = new CountDownLatch(1);

    static void enter() {
      CountDownLatch held = new CountDownLatch(1);
      Thread holder =
          new Thread(
              () -> {
                synchronized (LOCK) {
                  held.countDown();
                  awaitEnd();
                }
              },
              "faulty-deadlock-holder");
      holder.setDaemon(true);
      holder.start();
      try {
        held.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (LOCK) {
        // the deadlock: the holder keeps LOCK until the test ends it
      }
    }

    private static void awaitEnd() {
      while (true) {
        try {
          END.await();
          return;
        } catch (InterruptedException e) {
          // keep holding: only the test ends it
        }
      }
    }
  }

  /** The class's one worker thread. */
  private static final class Worker extends Thread {
    static final Runnable STOP = () -> {};

    final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    final CompletableFuture<Void> terminated = new CompletableFuture<>();

    Worker(String name) {
      super("faulty-" + name + "-worker");
      setDaemon(true);
    }

    @Override
    public void run() {
      try {
        for (Runnable task = queue.take(); task != STOP; task = queue.take()) {
          task.run();
        }
      } catch (InterruptedException e) {
        // end
      } finally {
        terminated.complete(null);
      }
    }
  }
}
