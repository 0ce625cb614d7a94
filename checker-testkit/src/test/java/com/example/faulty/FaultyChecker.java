package com.example.faulty;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.PathState;
import java.util.concurrent.CompletableFuture;

/**
 * A checker of a {@link FaultyCheckerClass}: answers up for a device with a descriptor. It implements {@link
 * Checker} itself, not through {@link io.github.pathcheck.api.AbstractChecker}, whose bookkeeping would prevent
 * most of the faults. Thread-safe.
 */
final class FaultyChecker implements Checker {
  private static final CheckResult TIMED_OUT = CheckResult.of(PathState.TIMEOUT, " timed out");

  private final FaultyCheckerClass checkerClass;
  private final Fault fault;
  private final PathDevice device;
  private final CheckerOptions options;

  private CheckResult last = CheckResult.UNCHECKED; // all guarded by this
  private CompletableFuture<CheckResult> inFlight;
  private long startedNanos;
  private boolean lookedAt;
  private boolean freed;

  FaultyChecker(FaultyCheckerClass checkerClass, Fault fault, PathDevice device, CheckerOptions options) {
    this.checkerClass = checkerClass;
    this.fault = fault;
    this.device = device;
    this.options = options;
  }

  @Override
  public synchronized CheckResult check() {
    ensureLive();
    if (fault == Fault.NULL_STATE) {
      return null;
    }
    if (inFlight != null) {
      return pending();
    }
    if (device.fd() < 0) {
      return answer(CheckResult.NO_USABLE_FD);
    }
    if (options.mode() == CheckMode.SYNC) {
      return answer(probe());
    }
    CompletableFuture<CheckResult> check = new CompletableFuture<>();
    inFlight = check;
    startedNanos = System.nanoTime();
    lookedAt = false;
    if (!fault.neverResolves()) {
      checkerClass.submit(() -> check.complete(probe()));
    }
    return CheckResult.PENDING;
  }

  /** Collects the check in flight; with none (which the SPI does not ask), the last answer. */
  @Override
  public synchronized CheckResult pending() {
    ensureLive();
    if (fault == Fault.NULL_STATE) {
      return null;
    }
    if (inFlight == null) {
      return last;
    }
    lookedAt = true;
    if (inFlight.isDone()) {
      CheckResult result = inFlight.join();
      inFlight = null;
      return answer(result);
    }
    if (!fault.neverResolves()
        && System.nanoTime() - startedNanos > options.timeout().toNanos()) {
      inFlight = null;
      return answer(TIMED_OUT);
    }
    return CheckResult.PENDING;
  }

  @Override
  public synchronized boolean needWait() {
    ensureLive();
    return inFlight != null && !lookedAt;
  }

  @Override
  public void free() {
    synchronized (this) {
      if (freed) {
        return;
      }
      freed = true;
      inFlight = null;
    }
    checkerClass.forget(this);
  }

  private CheckResult answer(CheckResult result) {
    last = result;
    return result;
  }

  private CheckResult probe() {
    return device.fd() >= 0 ? CheckResult.UP : CheckResult.NO_USABLE_FD;
  }

  private void ensureLive() {
    if (freed && fault != Fault.WORKS_AFTER_FREE) {
      throw new IllegalStateException("the checker for " + device.path() + " was freed");
    }
  }
}
