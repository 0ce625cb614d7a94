package com.example.faulty;

import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.UnloadResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/** The class of a {@link FaultyCheckerProvider}'s checkers: owns the worker thread. Thread-safe. */
public final class FaultyCheckerClass implements CheckerClass {
  private final String name;
  private final Fault fault;
  private final Worker worker;
  private final Set<FaultyChecker> live = new LinkedHashSet<>(); // guarded by this
  private UnloadResult unloaded; // guarded by this; null while loaded

  FaultyCheckerClass(String name, Fault fault) {
    this.name = name;
    this.fault = fault;
    this.worker = new Worker(name);
    worker.start();
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
  public synchronized Checker init(PathDevice device, CheckerOptions options) {
    if (unloaded != null) {
      throw new IllegalStateException("the " + name + " class was unloaded");
    }
    if (!options.properties().isEmpty()) {
      throw new IllegalArgumentException(name + " takes no properties, got " + options.properties());
    }
    FaultyChecker checker = new FaultyChecker(this, fault, device, options);
    live.add(checker);
    return checker;
  }

  /** Answers false, as the default does, except for {@link Fault#AWAITS_NOTHING}, which claims to wait. */
  @Override
  public boolean awaitAnswers(Duration maxWait) {
    return fault == Fault.AWAITS_NOTHING;
  }

  @Override
  public synchronized void reset() {
    if (unloaded != null) {
      throw new IllegalStateException("the " + name + " class was unloaded");
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
      toFree = new ArrayList<>(live);
      live.clear();
      if (fault == Fault.LEAKS_THREAD) {
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
    return unloaded;
  }

  synchronized void forget(FaultyChecker checker) {
    live.remove(checker);
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
