package io.github.pathcheck.loader;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A {@link PathChecker} of an asynchronous-capable class in asynchronous mode: every call runs on the caller's
 * thread, which the class promises not to hold. The framework only binds the context class loader, turns
 * throws into answers, and answers timeout for a check pending past the checker timeout and its grace.
 * Allocates nothing per check. Calls are serialised on the path checker's monitor.
 */
final class DirectPathChecker extends PathChecker {
  private final Checker checker;
  private final CompletableFuture<Void> released = new CompletableFuture<>();

  private boolean closed; // guarded by this
  private boolean inFlight; // guarded by this
  private long inFlightSince; // guarded by this
  private CheckResult last = CheckResult.UNCHECKED; // guarded by this

  DirectPathChecker(LoadedClass loaded, Path path, Duration timeout, Checker checker) {
    super(loaded, path, timeout);
    this.checker = checker;
  }

  @Override
  public synchronized CheckResult check() {
    ensureOpen();
    ClassLoader previous = CheckerSlot.enterContext(loaded.contextLoader());
    try {
      return settle(checker.check());
    } catch (RuntimeException | LinkageError | AssertionError e) {
      loaded.rethrowIfUnloaded(e);
      return settleFailure("check", e);
    } finally {
      CheckerSlot.restoreContext(previous);
    }
  }

  @Override
  public synchronized CheckResult pending() {
    ensureOpen();
    if (!inFlight) {
      return last;
    }
    ClassLoader previous = CheckerSlot.enterContext(loaded.contextLoader());
    try {
      return settle(checker.pending());
    } catch (RuntimeException | LinkageError | AssertionError e) {
      loaded.rethrowIfUnloaded(e);
      return settleFailure("pending", e);
    } finally {
      CheckerSlot.restoreContext(previous);
    }
  }

  @Override
  public synchronized boolean needWait() {
    ensureOpen();
    if (!inFlight) {
      return false;
    }
    ClassLoader previous = CheckerSlot.enterContext(loaded.contextLoader());
    try {
      return checker.needWait();
    } catch (RuntimeException | LinkageError | AssertionError e) {
      loaded.rethrowIfUnloaded(e);
      return false;
    } finally {
      CheckerSlot.restoreContext(previous);
    }
  }

  @Override
  boolean isCheckInFlight() {
    return true;
  }

  @Override
  public CheckResult awaitAnswer(Duration maxWait) throws InterruptedException {
    long deadline = System.nanoTime() + maxWait.toNanos();
    synchronized (this) {
      ensureOpen();
      if (!inFlight) {
        return last;
      }
    }
    while (true) {
      // Wait first: a check just started has no answer yet, and asking for one would cost a system call.
      long left = deadline - System.nanoTime();
      if (left > 0 && !loaded.awaitAnswers(Duration.ofNanos(left))) {
        Thread.sleep(Math.min(1, left / 1_000_000)); // the class cannot tell: poll each millisecond
      }
      CheckResult result = pending();
      if (!result.isPending() || deadline - System.nanoTime() <= 0) {
        return result;
      }
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      loaded.free(checker, path);
    } finally {
      released.complete(null);
    }
  }

  @Override
  public CompletionStage<Void> released() {
    return released.minimalCompletionStage();
  }

  private CheckResult settle(CheckResult result) {
    if (result == null) {
      return settleFailure("check", new NullPointerException("the checker answered null"));
    }
    if (!result.isPending()) {
      inFlight = false;
      last = result;
      return result;
    }
    long now = System.nanoTime();
    if (!inFlight) {
      inFlight = true;
      inFlightSince = now;
      return result;
    }
    if (now - inFlightSince - timeoutNanos - ASYNC_GRACE_NANOS > 0) {
      return timedOut(); // still in flight: the next check collects it, and starts nothing new
    }
    return result;
  }

  private CheckResult settleFailure(String method, Throwable e) {
    inFlight = false;
    last = failed(method, e);
    return last;
  }

  private void ensureOpen() {
    if (closed) {
      throw closedException();
    }
  }
}
