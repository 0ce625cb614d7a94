package io.github.pathcheck.loader;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerInitException;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathDevice;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link PathChecker} whose checks block: each runs on the class's {@link CheckerPool}, and the host's calls
 * only look at it. Per path at most one check runs and one is abandoned; an abandoned check's checker is freed
 * when its call returns, and the next check inits a fresh checker on the pool first. State is guarded by the
 * path checker's monitor, which is never held while calling the checker.
 */
final class PooledPathChecker extends PathChecker {
  private static final Logger logger = LoggerFactory.getLogger(PooledPathChecker.class);

  private final PathDevice device;
  private final CheckerOptions options;

  private Checker checker; // guarded by this; null after an abandonment, until the next check inits one
  private CheckCall running; // guarded by this
  private CheckCall abandoned; // guarded by this
  private boolean looked; // guarded by this; the running check was looked at since it started
  private boolean closed; // guarded by this
  private CheckResult last = CheckResult.UNCHECKED; // guarded by this
  private int unfreed = 1; // guarded by this; checkers of the path initialised and not freed yet
  private final CompletableFuture<Void> released = new CompletableFuture<>();

  PooledPathChecker(LoadedClass loaded, PathDevice device, CheckerOptions options, Checker checker) {
    super(loaded, device.path(), options.timeout());
    this.device = device;
    this.options = options;
    this.checker = checker;
  }

  /** One check of the path on the pool, with the checker it runs on. */
  private final class CheckCall extends CheckerPool.Call {
    final long deadline;
    Checker target; // set when the call starts; guarded by the path checker's monitor
    CheckResult result; // guarded by the path checker's monitor; null until the call returns
    boolean returned; // guarded by the path checker's monitor

    CheckCall(Checker target, long deadline) {
      super(PooledPathChecker.this.path, "check");
      this.target = target;
      this.deadline = deadline;
    }

    @Override
    void execute() {
      Checker on;
      synchronized (PooledPathChecker.this) {
        on = target;
      }
      CheckResult answer;
      try {
        if (on == null) {
          on = loaded.initOnThisThread(device, options);
          synchronized (PooledPathChecker.this) {
            target = on; // counted in unfreed when the call was submitted
          }
        }
        answer = on.check();
        if (answer == null) {
          answer = failed("check", new NullPointerException("the checker answered null"));
        }
        // A pending answer of a synchronous check is final: the device reports a transition (tur's ALUA
        // transitioning). The host sees it pending and checks again sooner; the next check asks anew.
      } catch (CheckerInitException e) {
        answer = failed("init", e);
      } catch (RuntimeException | LinkageError | AssertionError e) {
        answer = failed("check", e);
      }
      returned(this, on, answer);
    }
  }

  @Override
  public synchronized CheckResult check() {
    ensureOpen();
    CheckResult collected = collect(System.nanoTime());
    if (collected != null) {
      return collected;
    }
    if (running != null) {
      return CheckResult.PENDING;
    }
    CheckCall call = new CheckCall(checker, System.nanoTime() + timeoutNanos);
    loaded.pool().submit(call);
    if (checker == null) {
      unfreed++; // the call inits a fresh checker: until it is freed, the device is in use
    }
    running = call;
    looked = false;
    return CheckResult.PENDING;
  }

  @Override
  public synchronized CheckResult pending() {
    ensureOpen();
    if (running == null) {
      return last;
    }
    CheckResult collected = collect(System.nanoTime());
    return collected != null ? collected : CheckResult.PENDING;
  }

  /**
   * Looks at the running check: its answer if it returned, a timeout if it is past its deadline (abandoning it
   * when the abandoned slot is free), null if it is still in time; the caller holds the monitor.
   */
  private CheckResult collect(long now) {
    if (running == null) {
      return null;
    }
    looked = true;
    if (running.returned) {
      CheckResult answer = running.result;
      running = null;
      last = answer;
      return answer;
    }
    if (now - running.deadline < 0) {
      return null;
    }
    if (abandoned == null) {
      abandoned = running;
      running = null;
      checker = null; // the next check inits a fresh checker; the stuck one is freed when its call returns
      loaded.countStuck();
      logger.warn(
          "The {} checker's check of {} did not return within {} ms; abandoning it, the next check uses a new"
              + " checker",
          loaded.name(),
          path,
          timeoutNanos / 1_000_000);
    }
    last = timedOut();
    return last;
  }

  @Override
  synchronized boolean isCheckInFlight() {
    // Also a check that returned but whose answer nobody collected yet: the pending answer the caller holds
    // is then the placeholder, not the check's.
    return running != null;
  }

  @Override
  public synchronized boolean needWait() {
    ensureOpen();
    return running != null && !looked && !running.returned;
  }

  @Override
  public synchronized CheckResult awaitAnswer(Duration maxWait) throws InterruptedException {
    ensureOpen();
    long deadline = System.nanoTime() + maxWait.toNanos();
    while (running != null && !running.returned) {
      long left = Math.min(deadline, running.deadline) - System.nanoTime();
      if (left <= 0) {
        break;
      }
      wait(Math.max(1, left / 1_000_000), 0);
    }
    if (running == null) {
      return last;
    }
    CheckResult collected = collect(System.nanoTime());
    return collected != null ? collected : CheckResult.PENDING;
  }

  /** As {@link #awaitAnswer}, but returns at once once the checker is closed: for a round's shared wait. */
  synchronized void awaitAnswerUnlessClosed(Duration maxWait) throws InterruptedException {
    if (!closed) {
      awaitAnswer(maxWait);
    }
  }

  private void returned(CheckCall call, Checker on, CheckResult answer) {
    boolean free;
    synchronized (this) {
      call.result = answer;
      call.returned = true;
      if (call == abandoned) {
        abandoned = null;
        free = true; // the path moved on to another checker, or was closed
      } else {
        free = closed;
        if (!closed && checker == null) {
          checker = on; // the first check after an abandonment inited this one
        }
      }
      notifyAll();
    }
    if (on == null) {
      freed(); // its init failed: the checker counted when the call was submitted never came
    } else if (free) {
      loaded.free(on, path);
      freed();
    }
  }

  /** One of the path's checkers was freed; the last one after close completes {@link #released()}. */
  private void freed() {
    boolean done;
    synchronized (this) {
      done = --unfreed == 0 && closed;
    }
    if (done) {
      released.complete(null);
    }
  }

  @Override
  public CompletionStage<Void> released() {
    return released.minimalCompletionStage();
  }

  @Override
  public void close() {
    Checker toFree;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      // A running or abandoned call frees its own checker when it returns.
      toFree = running == null || running.returned ? checker : null;
      checker = null;
      notifyAll();
      if (unfreed == 0) {
        released.complete(null);
      }
    }
    if (toFree != null) {
      // Frees are quick: wait for this one, within the lifecycle timeout, so that the host may close the device
      // as soon as close returns (the free may restore the descriptor's flags).
      // Wait for this free only, not for released(): an abandoned call may be stuck in the device for good.
      loaded.awaitQuietly(loaded.freeOnPool(toFree, path, this::freed), loaded.lifecycleTimeout());
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw closedException();
    }
    loaded.ensureLoaded(path);
  }
}
