package io.github.pathcheck.monitor;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.loader.PathChecker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round of a {@link PathMonitor}, multipathd's checker loop once: start the check of every path that is
 * due, wait once for the answers if a checker needs it, collect the pending ones, publish, and tell the
 * listeners. Calls into checkers go through their {@link PathChecker}, which never waits for a device, so a
 * round lasts at most the shared wait plus the time of its listeners. Used by one thread at a time (the
 * monitor's round lock).
 */
final class CheckRound {
  private static final Logger logger = LoggerFactory.getLogger(CheckRound.class);

  private final DueQueue due = new DueQueue();
  private final Queue<Transition> transitions;
  private final List<PathTransitionListener> transitionListeners;
  private final List<PathAnswerListener> answerListeners;
  private final LongSupplier ticker;
  private final Sleeper sleeper;
  private final long sharedWaitNanos;
  private final long checkIntervalNanos;
  private final long pendingPollNanos;
  private final BooleanSupplier closed;
  private final Instant epochInstant;
  private final long epochNanos;
  private final List<PathStatus> answers = new ArrayList<>();

  /**
   * @param transitions where transitions wait for the listeners
   * @param settings the monitor's settings; the clock and the ticker are read once, now
   * @param closed tells whether the monitor is closed
   */
  CheckRound(
      Queue<Transition> transitions,
      PathMonitor.Builder settings,
      BooleanSupplier closed) {
    this.transitions = transitions;
    this.transitionListeners = List.copyOf(settings.listeners);
    this.answerListeners = List.copyOf(settings.answerListeners);
    this.ticker = settings.ticker;
    this.sleeper = settings.sleeper;
    this.sharedWaitNanos = settings.sharedWait.toNanos();
    this.checkIntervalNanos = settings.checkInterval.toNanos();
    this.pendingPollNanos = settings.pendingPollInterval.toNanos();
    this.closed = closed;
    this.epochNanos = ticker.getAsLong();
    this.epochInstant = settings.clock.instant();
  }

  /** One path's check in one round. */
  private static final class PathCheck {
    final MonitoredPath entry;
    CheckResult answer;
    boolean needWait;
    long endNanos;
    boolean freed; // removed while the round ran
    boolean finished; // rescheduled (or dropped) by finish

    PathCheck(MonitoredPath entry) {
      this.entry = entry;
    }
  }

  /**
   * Runs the round; returns the nanoseconds until the next path is due. A round that fails part-way (a sleeper
   * or a checker throwing) still reschedules every path it took off the schedule, before the failure
   * propagates: its started checks as their answers stand, the others at the time they were due.
   */
  long run() {
    long now = ticker.getAsLong();
    List<PathCheck> checks = new ArrayList<>();
    try {
      List<PathChecker> waiting = new ArrayList<>();
      due.startPass();
      MonitoredPath entry;
      while (!closed.getAsBoolean() && (entry = due.pollDue(now)) != null) {
        long epoch = entry.epochIfDue(now);
        if (epoch < 0) {
          continue; // a stale entry: the path was rescheduled, disabled or removed
        }
        if (!entry.inFlight) {
          entry.checkStartNanos = ticker.getAsLong();
          entry.checkEpoch = epoch;
        }
        PathCheck check = new PathCheck(entry);
        checks.add(check);
        if (!ask(check, true)) {
          check.freed = true;
        } else if (check.needWait) {
          waiting.add(entry.checker);
        }
      }
      if (!waiting.isEmpty() && !closed.getAsBoolean() && sharedWaitNanos > 0) {
        try {
          sharedWait(waiting);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt(); // collect without waiting, and let the caller see the interrupt
        }
      }
      for (PathCheck check : checks) {
        if (!check.freed && check.answer.isPending() && !ask(check, false)) {
          check.freed = true;
        }
        finish(check, now);
      }
    } finally {
      for (PathCheck check : checks) {
        if (!check.finished) {
          rescheduleUnfinished(check, now);
        }
      }
    }
    deliver();
    if (closed.getAsBoolean()) {
      due.clear();
      return 0;
    }
    return nanosUntil(due.nextDue());
  }

  /** A check a failed round left: finished as its answer stands, or, never asked, due again when it was. */
  private void rescheduleUnfinished(PathCheck check, long roundStart) {
    if (check.answer != null) {
      finish(check, roundStart);
      return;
    }
    long dueNanos = check.entry.nextDueIfScheduled();
    if (dueNanos != Long.MAX_VALUE) {
      due.add(check.entry, dueNanos);
    }
  }

  /** Schedules a path added or enabled on any thread for the next round. */
  void schedule(MonitoredPath entry) {
    due.offer(entry);
  }

  /** Tells the round that a path was removed; any thread. */
  void forgetRemoved() {
    due.forgetRemoved();
  }

  /** Forgets every path once the monitor is closed; under the round lock. */
  void clearSchedule() {
    due.clear();
  }

  private void scheduleAt(MonitoredPath entry, long nanos) {
    entry.scheduleAt(nanos);
    due.add(entry, nanos);
  }

  /** The round's one wait: every class awaits its answers within the shared wait; the rest is slept if needed. */
  private void sharedWait(List<PathChecker> waiting) throws InterruptedException {
    long deadline = ticker.getAsLong() + sharedWaitNanos;
    boolean told = PathChecker.awaitAnswers(waiting, Duration.ofNanos(sharedWaitNanos));
    long remaining = deadline - ticker.getAsLong();
    if (!told && remaining > 0) {
      sleeper.sleep(remaining);
    }
  }

  /**
   * Asks the path's checker: {@code check()} (then {@code needWait()} for a pending answer) when {@code
   * starting}, else {@code pending()}.
   *
   * @return false when the path was removed meanwhile and nothing was asked
   */
  private boolean ask(PathCheck check, boolean starting) {
    MonitoredPath entry = check.entry;
    if (!entry.lockForCall()) {
      return false;
    }
    try {
      check.answer = starting ? entry.checker.check() : entry.checker.pending();
      if (check.answer.isPending()) {
        check.needWait = starting && entry.checker.needWait();
      } else {
        check.endNanos = ticker.getAsLong();
      }
    } catch (IllegalStateException e) {
      // The class was unloaded under the monitor (its registry closed): the path can no longer be checked.
      check.answer = CheckResult.of(PathState.UNCHECKED, " is gone: " + e.getMessage());
      check.endNanos = ticker.getAsLong();
    } finally {
      entry.calls.unlock();
    }
    return true;
  }

  private void finish(PathCheck check, long roundStart) {
    MonitoredPath entry = check.entry;
    check.finished = true;
    if (check.freed) {
      return;
    }
    if (check.answer.isPending()) {
      if (!entry.inFlight) {
        entry.inFlight = true;
        Instant started = instantAt(entry.checkStartNanos);
        entry.publishIfCurrent(
            entry.checkEpoch, status -> status.withCheckInFlightSince(started), transitions);
      }
      scheduleAt(entry, roundStart + pendingPollNanos);
      return;
    }
    CheckResult answer = check.answer;
    entry.inFlight = false;
    Instant at = instantAt(check.endNanos);
    Duration took = Duration.ofNanos(Math.max(0, check.endNanos - entry.checkStartNanos));
    if (entry.publishIfCurrent(
        entry.checkEpoch,
        status -> status.answered(answer, at, took),
        transitions)) {
      scheduleAt(entry, roundStart + checkIntervalNanos);
      if (!answerListeners.isEmpty()) {
        answers.add(entry.status());
      }
    } else {
      // Disabled (or removed) since the check started: its answer must not reinstate the path. If the path is
      // enabled again, its next round checks it afresh.
      logger.debug(
          "Dropped the answer {} for {}: the path was disabled since its check started", answer, entry.path);
      scheduleAt(entry, roundStart);
    }
  }

  /** Tells the listeners of the answers and transitions of the round; never while holding a lock. */
  void deliver() {
    for (PathStatus answer : answers) {
      for (PathAnswerListener listener : answerListeners) {
        try {
          listener.answered(answer);
        } catch (RuntimeException | LinkageError | AssertionError e) {
          logger.warn("A path answer listener failed on {}", answer.path(), e);
        }
      }
    }
    answers.clear();
    Transition transition;
    while (!closed.getAsBoolean() && (transition = transitions.poll()) != null) {
      for (PathTransitionListener listener : transitionListeners) {
        try {
          listener.transitioned(transition.from(), transition.to());
        } catch (RuntimeException | LinkageError | AssertionError e) {
          logger.warn(
              "A path transition listener failed on {}: {} -> {}",
              transition.to().path(),
              transition.from().state(),
              transition.to().state(),
              e);
        }
      }
    }
  }

  /**
   * Returns how long the caller may wait before the next round: until {@code nextDue}, at most the check
   * interval, and not at all if a transition was queued meanwhile (a disable) or the time has come. Paths
   * added, disabled or enabled during the round wake the monitor's thread themselves.
   */
  private long nanosUntil(long nextDue) {
    if (!transitions.isEmpty()) {
      return 0;
    }
    long left = nextDue == Long.MAX_VALUE ? checkIntervalNanos : nextDue - ticker.getAsLong();
    return Math.max(0, Math.min(checkIntervalNanos, left));
  }

  Instant instantAt(long nanos) {
    return epochInstant.plusNanos(nanos - epochNanos);
  }
}
