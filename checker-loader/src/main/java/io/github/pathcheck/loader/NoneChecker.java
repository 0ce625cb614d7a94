package io.github.pathcheck.loader;

import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerMessages;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.PathState;

/**
 * A {@code none} checker for one path; see {@link NoneCheckerProvider}. Thread-safe: every method
 * synchronises on the checker.
 */
final class NoneChecker implements Checker {
  private final NoneCheckerClass checkerClass;
  private final PathDevice device;
  private final PathState configured;

  private PathState last = PathState.UNCHECKED; // guarded by this
  private String message = CheckerMessages.NONE; // guarded by this
  private String freedBy; // guarded by this; null while live

  NoneChecker(NoneCheckerClass checkerClass, PathDevice device, PathState configured) {
    this.checkerClass = checkerClass;
    this.device = device;
    this.configured = configured;
  }

  @Override
  public synchronized PathState check() {
    ensureLive();
    if (device.fd() < 0) {
      last = PathState.WILD;
      message = CheckerMessages.NO_USABLE_FD;
    } else {
      last = configured;
      message = CheckerMessages.forState(configured);
    }
    return last;
  }

  @Override
  public synchronized PathState pending() {
    ensureLive();
    return last;
  }

  @Override
  public synchronized boolean needWait() {
    ensureLive();
    return false;
  }

  @Override
  public synchronized String message() {
    ensureLive();
    return message;
  }

  @Override
  public void free() {
    synchronized (this) {
      if (freedBy != null) {
        return;
      }
      freedBy = "was freed";
    }
    checkerClass.forget(this);
  }

  synchronized void freeByUnload() {
    if (freedBy == null) {
      freedBy = "was freed when its class was unloaded";
    }
  }

  private void ensureLive() {
    if (freedBy != null) {
      throw new IllegalStateException(
          "the none checker for " + device.path() + " " + freedBy + "; init a new one");
    }
  }

  @Override
  public synchronized String toString() {
    return "none checker for " + device.path() + " (" + configured + (freedBy == null ? ")" : ", freed)");
  }
}
