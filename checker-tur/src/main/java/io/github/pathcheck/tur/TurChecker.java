package io.github.pathcheck.tur;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.PathState;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tur checker for one path; the behaviour is described on {@link TurCheckerProvider}. Thread-safe: every
 * method synchronises on the checker, and none holds that lock while the device is being asked.
 *
 * <p>The workers it abandons (on timeout or free) are recorded by its class under the device's path, not by the
 * checker: they count against the path's bound of {@value #MAX_STALLED_WORKERS} until they return, also after
 * the checker is freed, so a host that frees and re-inits the checker of a hung path gets no more threads.
 */
final class TurChecker implements Checker {
  private static final Logger logger = LoggerFactory.getLogger(TurChecker.class);

  /**
   * Stalled (abandoned, still blocked) workers a path may have before no new worker is started, counted over
   * every checker of the path, freed ones included ({@link TurCheckerClass#stalledWorkers}).
   */
  static final int MAX_STALLED_WORKERS = 2;

  private final TurCheckerClass owner;
  private final PathDevice device;
  private final Duration timeout;
  private final long timeoutNanos;
  private final CheckMode mode;

  private TurAnswer last = TurAnswer.UNCHECKED; // guarded by this
  private TurWorker inFlight; // guarded by this; started and neither collected nor abandoned
  private long startedAt; // guarded by this; nanoTime when inFlight started
  private boolean lookedAt; // guarded by this; multipath's checked_state
  private boolean stallLogged; // guarded by this
  private String freedBy; // guarded by this; null while live

  TurChecker(TurCheckerClass owner, PathDevice device, Duration timeout, CheckMode mode) {
    this.owner = owner;
    this.device = device;
    this.timeout = timeout;
    this.timeoutNanos = timeout.toNanos();
    this.mode = mode;
  }

  @Override
  public PathState check() {
    synchronized (this) {
      ensureLive();
      if (inFlight != null) {
        return collect();
      }
      if (device.fd() < 0) {
        return record(TurAnswer.NO_USABLE_FD);
      }
      if (mode == CheckMode.ASYNC) {
        TurAnswer started = startWorker();
        if (started != null) {
          return record(started);
        }
        // No thread could be created: check on the caller's thread, as multipath does.
      }
    }
    TurAnswer answer = owner.checkOnCallersThread(device, timeout);
    synchronized (this) {
      if (freedBy == null) {
        record(answer);
      }
    }
    return answer.state();
  }

  @Override
  public synchronized PathState pending() {
    ensureLive();
    return inFlight == null ? last.state() : collect();
  }

  @Override
  public synchronized boolean needWait() {
    ensureLive();
    return inFlight != null && !lookedAt && inFlight.answer() == null;
  }

  @Override
  public synchronized String message() {
    ensureLive();
    return last.message();
  }

  @Override
  public void free() {
    synchronized (this) {
      if (freedBy != null) {
        return;
      }
      freedBy = "was freed";
      abandonWorkers();
    }
    owner.forget(this);
  }

  /** Frees the checker on behalf of {@link TurCheckerClass#unload()}, which forgets it itself. */
  synchronized void freeByUnload() {
    if (freedBy == null) {
      freedBy = "was freed when its class was unloaded";
      abandonWorkers();
    }
  }

  /**
   * Starts a worker, or says why not: timeout while the path has too many stalled workers (this checker's and
   * those of earlier checkers of the path), null if no thread was created.
   */
  private TurAnswer startWorker() {
    int stalled = owner.stalledWorkers(device.path());
    if (stalled >= MAX_STALLED_WORKERS) {
      if (!stallLogged) {
        stallLogged = true;
        logger.warn(
            "{}: {} tur workers are blocked in the device; answering timeout without starting another"
                + " until one returns",
            device.path(),
            stalled);
      }
      return TurAnswer.TIMED_OUT;
    }
    stallLogged = false;
    if (stalled > 0) {
      logger.info("{}: a tur worker is still blocked in the device; starting one more", device.path());
    }
    TurWorker worker = owner.newWorker(device, timeout);
    long now = owner.nanoTime();
    if (!owner.startWorker(worker)) {
      return null;
    }
    inFlight = worker;
    startedAt = now;
    lookedAt = false;
    return TurAnswer.RUNNING;
  }

  /** Collects the worker in flight: its answer, still running, or timed out (then it is abandoned). */
  private PathState collect() {
    lookedAt = true;
    TurAnswer answer = inFlight.answer();
    if (answer != null) {
      inFlight = null;
      return record(answer);
    }
    if (owner.nanoTime() - startedAt > timeoutNanos) {
      logger.warn(
          "{}: tur check did not answer within {}; abandoning its worker, still blocked in the device",
          device.path(),
          timeout);
      owner.abandon(inFlight);
      inFlight = null;
      return record(TurAnswer.TIMED_OUT);
    }
    return record(TurAnswer.RUNNING);
  }

  /** Abandons the worker in flight; the class keeps counting it against the path until it returns. */
  private void abandonWorkers() {
    if (inFlight != null) {
      owner.abandon(inFlight);
      inFlight = null;
    }
  }

  private PathState record(TurAnswer answer) {
    last = answer;
    return answer.state();
  }

  private void ensureLive() {
    if (freedBy != null) {
      throw new IllegalStateException(
          "the tur checker for " + device.path() + " " + freedBy + "; init a new one");
    }
  }

  @Override
  public synchronized String toString() {
    return "tur checker for "
        + device.path()
        + " ("
        + mode
        + ", "
        + last
        + (freedBy == null ? ")" : ", freed)");
  }
}
