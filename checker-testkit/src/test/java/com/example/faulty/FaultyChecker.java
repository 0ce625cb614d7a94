package com.example.faulty;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerMessages;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.PathState;
import java.util.concurrent.CompletableFuture;

/** A checker of a {@link FaultyCheckerClass}: answers up for a device with a descriptor. Thread-safe. */
final class FaultyChecker implements Checker {
  private final FaultyCheckerClass checkerClass;
  private final Fault fault;
  private final PathDevice device;
  private final CheckerOptions options;

  private PathState last = PathState.UNCHECKED; // all guarded by this
  private String message = CheckerMessages.NONE;
  private CompletableFuture<PathState> inFlight;
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
  public synchronized PathState check() {
    ensureLive();
    if (fault == Fault.NULL_STATE) {
      return null;
    }
    if (inFlight != null) {
      return pending();
    }
    if (device.fd() < 0) {
      return answer(PathState.WILD, CheckerMessages.NO_USABLE_FD);
    }
    if (options.mode() == CheckMode.SYNC) {
      return answer(probe(), null);
    }
    CompletableFuture<PathState> check = new CompletableFuture<>();
    inFlight = check;
    startedNanos = System.nanoTime();
    lookedAt = false;
    if (!fault.neverResolves()) {
      checkerClass.submit(() -> check.complete(probe()));
    }
    return PathState.PENDING;
  }

  @Override
  public synchronized PathState pending() {
    ensureLive();
    if (fault == Fault.NULL_STATE) {
      return null;
    }
    if (inFlight == null) {
      return last;
    }
    lookedAt = true;
    if (inFlight.isDone()) {
      PathState state = inFlight.join();
      inFlight = null;
      return answer(state, null);
    }
    if (!fault.neverResolves()
        && System.nanoTime() - startedNanos > options.timeout().toNanos()) {
      inFlight = null;
      return answer(PathState.TIMEOUT, " timed out");
    }
    return PathState.PENDING;
  }

  @Override
  public synchronized boolean needWait() {
    ensureLive();
    return inFlight != null && !lookedAt;
  }

  @Override
  public synchronized String message() {
    ensureLive();
    return fault == Fault.NULL_STATE ? null : message;
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

  private PathState answer(PathState state, String stateMessage) {
    last = state;
    message = stateMessage != null ? stateMessage : CheckerMessages.forState(state);
    return state;
  }

  private PathState probe() {
    return device.fd() >= 0 ? PathState.UP : PathState.WILD;
  }

  private void ensureLive() {
    if (freed && fault != Fault.WORKS_AFTER_FREE) {
      throw new IllegalStateException("the checker for " + device.path() + " was freed");
    }
  }
}
