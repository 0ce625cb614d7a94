package io.github.pathcheck.loader;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerInitException;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.api.UnloadResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A checker class while it is loaded, as the framework drives it: the author's {@link CheckerClass}, the
 * context class loader its calls run with, and the {@link CheckerPool} its blocking calls run on (made on first
 * use). Every call into the class or its checkers goes through here or through a {@link PathChecker}.
 *
 * <p><b>Bounds.</b> Init of a pooled path runs on the pool and is waited for at most the checker timeout; init
 * of a direct path runs on the caller's thread. Reset and unload run on the registry's {@link LifecycleCalls} and
 * are waited for at most its timeout; an unload that takes longer is reported as deferred. Thread-safe.
 */
final class LoadedClass {
  private static final Logger logger = LoggerFactory.getLogger(LoadedClass.class);
  /** How long an unload waits for the calls queued on the pool before it reports them outstanding. */
  private static final long QUEUE_DRAIN_MILLIS = 100;

  private final String name;
  private final CheckerClass cls;
  private final ClassLoader contextLoader; // null for a host class
  private final int poolSize;
  private final LifecycleCalls lifecycle;
  private final Duration lifecycleTimeout;
  private final CheckResult timedOut;
  private final AtomicLong stuck = new AtomicLong();

  private CheckerPool pool; // guarded by this; made on first use
  private volatile boolean unloaded;

  LoadedClass(
      String name, CheckerClass cls, ClassLoader contextLoader, int poolSize, LifecycleCalls lifecycle) {
    this.name = name;
    this.cls = cls;
    this.contextLoader = contextLoader;
    this.poolSize = poolSize;
    this.lifecycle = lifecycle;
    this.lifecycleTimeout = lifecycle.timeout();
    this.timedOut = CheckResult.of(PathState.TIMEOUT, " timed out");
  }

  String name() {
    return name;
  }

  boolean isAsyncCapable() {
    ClassLoader previous = CheckerSlot.enterContext(contextLoader);
    try {
      return cls.isAsyncCapable();
    } finally {
      CheckerSlot.restoreContext(previous);
    }
  }

  ClassLoader contextLoader() {
    return contextLoader;
  }

  <T> Optional<T> unwrap(Class<T> type) {
    ClassLoader previous = CheckerSlot.enterContext(contextLoader);
    try {
      Optional<T> view = cls.unwrap(type);
      if (view == null || view.isPresent() && !type.isInstance(view.get())) {
        throw new IllegalStateException(
            "checker " + name + " answered unwrap(" + type.getName() + ") with " + view
                + "; CheckerClass.unwrap must return an Optional of that type");
      }
      return view;
    } finally {
      CheckerSlot.restoreContext(previous);
    }
  }

  Duration lifecycleTimeout() {
    return lifecycleTimeout;
  }

  /** Waits for {@code stage} at most {@code max}; returns whether it completed. */
  boolean awaitQuietly(CompletableFuture<?> stage, Duration max) {
    try {
      stage.get(max.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  CheckResult timedOutResult() {
    return timedOut;
  }

  /** Returns how many checks of this class were abandoned past their timeout. */
  long stuckChecks() {
    return stuck.get();
  }

  void countStuck() {
    stuck.incrementAndGet();
  }

  synchronized CheckerPool pool() {
    if (pool == null) {
      ensureLoaded(null);
      pool = new CheckerPool(name, contextLoader, poolSize);
    }
    return pool;
  }

  void ensureLoaded(Path path) {
    if (unloaded) {
      throw new IllegalStateException(
          "the "
              + name
              + " checker"
              + (path == null ? "" : " for " + path)
              + " is gone: its class was unloaded (the registry was closed); acquire it again");
    }
  }

  /** Rethrows {@code e} when the class was unloaded, where it is the class telling so; else returns. */
  void rethrowIfUnloaded(Throwable e) {
    if (unloaded && e instanceof IllegalStateException) {
      throw (IllegalStateException) e;
    }
  }

  CheckResult failedResult(Path path, String method, Throwable failure) {
    logger.warn("The {} checker of {} failed in {}(); answering unchecked", name, path, method, failure);
    return CheckResult.of(PathState.UNCHECKED, " failed: " + method + "() threw " + failure);
  }

  /** Inits the path's host-side checker; see {@link CheckerHandle#init}. */
  PathChecker init(PathDevice device, CheckerOptions options) throws CheckerInitException {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(options, "options");
    Path path = Objects.requireNonNull(device.path(), "device.path()");
    ensureLoaded(path);
    boolean direct = options.mode() == CheckMode.ASYNC && isAsyncCapable();
    if (direct) {
      return new DirectPathChecker(this, path, options.timeout(), initOnThisThread(device, options));
    }
    CheckerOptions sync = options.withMode(CheckMode.SYNC);
    return new PooledPathChecker(this, device, sync, initOnPool(device, sync));
  }

  /** Calls the class's init on the calling thread, with the context class loader set. */
  Checker initOnThisThread(PathDevice device, CheckerOptions options) throws CheckerInitException {
    ClassLoader previous = CheckerSlot.enterContext(contextLoader);
    try {
      Checker checker = cls.init(device, options);
      if (checker == null) {
        throw new CheckerInitException(
            "the " + name + " checker returned no checker from init() for " + device.path() + "; a plugin bug");
      }
      return checker;
    } finally {
      CheckerSlot.restoreContext(previous);
    }
  }

  private Checker initOnPool(PathDevice device, CheckerOptions options) throws CheckerInitException {
    CompletableFuture<Checker> result = new CompletableFuture<>();
    pool()
        .submit(
            new CheckerPool.Call(device.path(), "init") {
              @Override
              void execute() {
                try {
                  Checker checker = initOnThisThread(device, options);
                  if (!result.complete(checker)) {
                    free(checker, device.path()); // the host gave up waiting
                  }
                } catch (CheckerInitException | RuntimeException | Error e) {
                  result.completeExceptionally(e);
                }
              }
            });
    try {
      return result.get(options.timeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      if (result.cancel(false)) {
        countStuck();
        throw new CheckerInitException(
            "the "
                + name
                + " checker's init for "
                + device.path()
                + " did not return within the checker timeout ("
                + options.timeout().toMillis()
                + " ms); the device may hang: check it, or raise the timeout");
      }
      return result.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (result.cancel(false)) {
        throw new CheckerInitException("init of the " + name + " checker for " + device.path() + " was interrupted", e);
      }
      return result.join();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof CheckerInitException) {
        throw new CheckerInitException(cause.getMessage(), cause);
      }
      if (cause instanceof IllegalArgumentException) {
        throw new IllegalArgumentException(cause.getMessage(), cause);
      }
      if (cause instanceof IllegalStateException) {
        throw new IllegalStateException(cause.getMessage(), cause);
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw (Error) cause;
    }
  }

  /** Frees {@code checker} on the calling thread; never throws: a plugin's failure is logged. */
  void free(Checker checker, Path path) {
    ClassLoader previous = CheckerSlot.enterContext(contextLoader);
    try {
      checker.free();
    } catch (RuntimeException | LinkageError | AssertionError e) {
      logger.warn("Freeing the {} checker of {} failed", name, path, e);
    } finally {
      CheckerSlot.restoreContext(previous);
    }
  }

  /**
   * Frees {@code checker} on the pool and then runs {@code then}; or, if the pool is gone (the class's unload
   * freed every checker), runs {@code then} at once. The stage completes once that free is over.
   */
  CompletableFuture<Void> freeOnPool(Checker checker, Path path, Runnable then) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      pool()
          .submit(
              new CheckerPool.Call(path, "free") {
                @Override
                void execute() {
                  try {
                    free(checker, path);
                  } finally {
                    then.run();
                    done.complete(null);
                  }
                }
              });
    } catch (IllegalStateException e) {
      logger.debug("Not freeing the {} checker of {}: its class was unloaded, which freed it", name, path);
      then.run();
      done.complete(null);
    }
    return done;
  }

  /** Calls the class's awaitAnswers with the context class loader set; false if it failed. */
  boolean awaitAnswers(Duration maxWait) throws InterruptedException {
    ClassLoader previous = CheckerSlot.enterContext(contextLoader);
    try {
      return cls.awaitAnswers(maxWait);
    } catch (RuntimeException | LinkageError | AssertionError e) {
      logger.warn("The {} checker class failed in awaitAnswers()", name, e);
      return false;
    } finally {
      CheckerSlot.restoreContext(previous);
    }
  }

  /** Resets the class, waiting at most the lifecycle timeout. */
  void reset() {
    CompletableFuture<Void> done = onOwnThread("reset", () -> {
      cls.reset();
      return null;
    });
    try {
      done.get(lifecycleTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      logger.warn("Reset of the {} checker class did not return within {}; going on", name, lifecycleTimeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException ? (RuntimeException) cause : new IllegalStateException(cause);
    }
  }

  /**
   * Unloads the class: runs its unload, waiting at most the lifecycle timeout, and shuts the pool down, waiting
   * at most 100 ms more for the calls queued on it. The result is deferred when the class's own is, when the
   * unload did not return in time, or when calls still run on the pool, each of which it names.
   */
  UnloadResult unload() {
    unloaded = true;
    CompletableFuture<UnloadResult> own = onOwnThread("unload", cls::unload);
    UnloadResult classResult;
    List<String> outstanding = new ArrayList<>();
    List<CompletableFuture<?>> stages = new ArrayList<>();
    try {
      classResult = own.get(lifecycleTimeout.toNanos(), TimeUnit.NANOSECONDS);
      if (classResult == null) {
        logger.warn("Checker {} returned no UnloadResult; treating its unload as complete", name);
        classResult = UnloadResult.complete();
      }
    } catch (TimeoutException e) {
      classResult = null;
      outstanding.add("unload() of the " + name + " checker class, still running after " + lifecycleTimeout);
      stages.add(own.exceptionally(failure -> null));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      classResult = null;
      outstanding.add("unload() of the " + name + " checker class, interrupted while waiting");
      stages.add(own.exceptionally(failure -> null));
    } catch (ExecutionException e) {
      logger.warn("Unload of checker {} failed; treating it as complete", name, e.getCause());
      classResult = UnloadResult.complete();
    }
    if (classResult != null && !classResult.isComplete()) {
      outstanding.addAll(classResult.outstanding());
      stages.add(classResult.released().toCompletableFuture().exceptionally(failure -> null));
    }
    CheckerPool shut;
    synchronized (this) {
      shut = pool;
    }
    if (shut != null) {
      List<String> running = shut.shutdown();
      if (!running.isEmpty()) {
        // Frees queued by closed paths take microseconds: let them drain before calling the unload deferred.
        try {
          shut.terminated().get(QUEUE_DRAIN_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
          // Some call is slow or stuck: named below.
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        running = shut.outstanding();
      }
      if (!running.isEmpty()) {
        outstanding.addAll(running);
        stages.add(shut.terminated());
      }
    }
    if (outstanding.isEmpty()) {
      return UnloadResult.complete();
    }
    return UnloadResult.deferred(outstanding, CompletableFuture.allOf(stages.toArray(new CompletableFuture<?>[0])));
  }

  private <T> CompletableFuture<T> onOwnThread(String what, java.util.concurrent.Callable<T> action) {
    return lifecycle.call(contextLoader, action);
  }

  @Override
  public String toString() {
    return "LoadedClass[" + name + (unloaded ? ", unloaded]" : "]");
  }
}
