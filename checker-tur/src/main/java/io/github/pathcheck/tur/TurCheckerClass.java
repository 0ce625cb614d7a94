package io.github.pathcheck.tur;

import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.UnloadResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tur checker class; see {@link TurCheckerProvider}. It owns the record of every thread running tur code
 * (worker threads, and callers' threads inside a synchronous check), so that unload knows what is still busy,
 * and the record of the stalled workers of each path (abandoned on timeout or free, still blocked in the
 * device), keyed by the device's path, so that a path's bound of {@value TurChecker#MAX_STALLED_WORKERS} holds
 * across every checker of the path: freeing and re-initing the checker of a hung path starts no more threads.
 * Thread-safe.
 *
 * <p>Locks: a checker's lock may be held while taking the class's, never the reverse; {@link #unload()} takes
 * its own lock first.
 */
final class TurCheckerClass implements CheckerClass {
  private static final Logger logger = LoggerFactory.getLogger(TurCheckerClass.class);

  /** Worker stack size: the command needs a JNA call's worth of stack, far below the JVM's default 1 MiB. */
  static final long WORKER_STACK_SIZE = 256 * 1024;

  /** Creates plain worker threads with {@link #WORKER_STACK_SIZE}; the class names them and makes them daemons. */
  static final ThreadFactory DEFAULT_THREADS =
      runnable -> new Thread(null, runnable, "pathcheck-tur", WORKER_STACK_SIZE);

  static final String WORKER_THREAD_PREFIX = "pathcheck-tur ";

  private final SgTransport transport;
  private final LongSupplier nanoTime;
  private final ThreadFactory threads;

  private final Set<TurChecker> checkers = new LinkedHashSet<>(); // guarded by this
  private final Map<Object, Busy> busy = new IdentityHashMap<>(); // guarded by this
  // Abandoned workers not ended yet, by the device's path; a subset of busy's workers. Guarded by this.
  private final Map<Path, Set<TurWorker>> stalled = new HashMap<>();
  private boolean unloaded; // guarded by this
  private final CompletableFuture<Void> released = new CompletableFuture<>();

  private final Object unloadLock = new Object();
  private UnloadResult unloadResult; // guarded by unloadLock

  /** What runs tur code: a worker thread (keyed by its worker) or a caller's synchronous check. */
  private static final class Busy {
    final String what;
    final Path path;
    final Thread thread;

    Busy(String what, Path path, Thread thread) {
      this.what = what;
      this.path = path;
      this.thread = thread;
    }
  }

  TurCheckerClass(SgTransport transport, LongSupplier nanoTime, ThreadFactory threads) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.threads = Objects.requireNonNull(threads, "threads");
  }

  @Override
  public String name() {
    return TurCheckerProvider.NAME;
  }

  @Override
  public boolean isAsyncCapable() {
    return true;
  }

  @Override
  public Checker init(PathDevice device, CheckerOptions options) {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(options, "options");
    options.requireNoProperties(TurCheckerProvider.NAME, device);
    synchronized (this) {
      if (unloaded) {
        throw new IllegalStateException(
            "cannot init the tur checker for " + device.path() + ": its class was unloaded; load it again");
      }
      TurChecker checker = new TurChecker(this, device, options.timeout(), options.mode());
      checkers.add(checker);
      return checker;
    }
  }

  /**
   * Nothing to do: tur checkers share nothing. Each path's workers belong to that path, and an abandoned worker
   * releases what it holds (its place in the record of busy and stalled workers) itself when its command
   * returns.
   */
  @Override
  public synchronized void reset() {
    if (unloaded) {
      throw new IllegalStateException("the tur checker class was unloaded; load it again");
    }
  }

  @Override
  public UnloadResult unload() {
    synchronized (unloadLock) {
      if (unloadResult != null) {
        return unloadResult;
      }
      List<TurChecker> toFree;
      synchronized (this) {
        unloaded = true;
        toFree = new ArrayList<>(checkers);
        checkers.clear();
      }
      for (TurChecker checker : toFree) {
        checker.freeByUnload();
      }
      List<String> outstanding;
      synchronized (this) {
        outstanding = describeBusy();
      }
      if (outstanding.isEmpty()) {
        released.complete(null);
        unloadResult = UnloadResult.complete();
      } else {
        logger.warn("tur checker class unloaded; still busy: {}", outstanding);
        unloadResult = UnloadResult.deferred(outstanding, released.minimalCompletionStage());
      }
      return unloadResult;
    }
  }

  /** Lines such as "2 tur worker threads blocked on /dev/sdb", one per kind and path. */
  private List<String> describeBusy() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Busy b : busy.values()) {
      counts.merge(b.what + "\0" + b.path, 1, Integer::sum);
    }
    List<String> lines = new ArrayList<>();
    counts.forEach(
        (key, count) -> {
          String[] parts = key.split("\0", 2);
          lines.add(count + " " + parts[0] + (count == 1 ? "" : "s") + " blocked on " + parts[1]);
        });
    return lines;
  }

  synchronized void forget(TurChecker checker) {
    checkers.remove(checker);
  }

  long nanoTime() {
    return nanoTime.getAsLong();
  }

  TurWorker newWorker(PathDevice device, Duration timeout) {
    return new TurWorker(this, transport, device, timeout);
  }

  /**
   * Starts {@code worker} on a daemon thread named after its device. Returns false if no thread could be
   * created (the factory declined, or the system is out of threads).
   *
   * @throws IllegalStateException if the class was unloaded
   */
  boolean startWorker(TurWorker worker) {
    Path path = worker.device().path();
    Thread thread = threads.newThread(worker);
    if (thread == null) {
      logger.warn("{}: no thread for a tur worker; checking on the caller's thread", path);
      return false;
    }
    thread.setName(WORKER_THREAD_PREFIX + path);
    thread.setDaemon(true);
    synchronized (this) {
      if (unloaded) {
        throw new IllegalStateException(
            "cannot check " + path + " with tur: its class was unloaded; load it again");
      }
      busy.put(worker, new Busy("tur worker thread", path, thread));
    }
    try {
      thread.start();
      return true;
    } catch (OutOfMemoryError e) {
      logger.warn("{}: cannot start a tur worker thread ({}); checking on the caller's thread", path, e.toString());
      ended(worker);
      return false;
    }
  }

  void workerEnded(TurWorker worker) {
    ended(worker);
  }

  /**
   * Abandons {@code worker} and, if it has not ended yet, records it as stalled on its device's path until it
   * ends, whichever checker started it and whether or not that checker is freed since.
   */
  void abandon(TurWorker worker) {
    worker.abandon();
    synchronized (this) {
      // Not busy any more: it ended (workerEnded) or never started; nothing is blocked then.
      if (busy.containsKey(worker)) {
        stalled.computeIfAbsent(worker.device().path(), p -> new LinkedHashSet<>()).add(worker);
      }
    }
  }

  /** Returns how many abandoned workers of {@code path} are still blocked, of every checker of the path. */
  synchronized int stalledWorkers(Path path) {
    Set<TurWorker> workers = stalled.get(path);
    return workers == null ? 0 : workers.size();
  }

  /**
   * Runs a check on the caller's thread, recorded as busy meanwhile.
   *
   * @throws IllegalStateException if the class was unloaded
   */
  TurAnswer checkOnCallersThread(PathDevice device, Duration timeout) {
    Object token = new Object();
    synchronized (this) {
      if (unloaded) {
        throw new IllegalStateException(
            "cannot check " + device.path() + " with tur: its class was unloaded; load it again");
      }
      busy.put(token, new Busy("synchronous tur check", device.path(), Thread.currentThread()));
    }
    try {
      return TurCommand.run(transport, device, timeout, () -> false);
    } catch (RuntimeException | LinkageError e) {
      logger.error("tur check of {} failed; answering unchecked", device.path(), e);
      return TurAnswer.FAILED;
    } finally {
      ended(token);
    }
  }

  private void ended(Object key) {
    boolean last;
    synchronized (this) {
      Busy was = busy.remove(key);
      if (was != null && key instanceof TurWorker) {
        Set<TurWorker> workers = stalled.get(was.path);
        if (workers != null && workers.remove(key) && workers.isEmpty()) {
          stalled.remove(was.path);
        }
      }
      last = unloaded && busy.isEmpty();
    }
    if (last) {
      released.complete(null);
    }
  }

  /** Returns the worker threads not ended yet; for tests. */
  synchronized List<Thread> workerThreads() {
    List<Thread> list = new ArrayList<>();
    for (Map.Entry<Object, Busy> entry : busy.entrySet()) {
      if (entry.getKey() instanceof TurWorker) {
        list.add(entry.getValue().thread);
      }
    }
    return list;
  }

  /** Returns the checkers not freed yet; for tests. */
  synchronized int liveCheckers() {
    return checkers.size();
  }

  @Override
  public synchronized String toString() {
    return "TurCheckerClass{checkers="
        + checkers.size()
        + ", busy="
        + busy.size()
        + ", stalled paths="
        + stalled.size()
        + ", unloaded="
        + unloaded
        + "}";
  }
}
