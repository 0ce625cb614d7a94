package io.github.pathcheck.loader;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.PathState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * One path's checker as a host holds it, from {@link CheckerHandle#init}: the framework's side of a checker
 * author's {@link io.github.pathcheck.api.Checker}, which owns time and threads so that a hung device or a hung
 * plugin never holds the host.
 *
 * <p><b>Bounds.</b> {@link #check()}, {@link #pending()}, {@link #needWait()} and {@link #close()} never wait
 * for the device ({@code close} waits at most the registry's lifecycle timeout for the checker's own free). A
 * check that blocks (a class that is not asynchronous-capable, or a path initialised in
 * {@link io.github.pathcheck.api.CheckMode#SYNC} mode) runs on the class's pool of the framework; the answer is
 * {@link PathState#PENDING} until it returns, and {@link PathState#TIMEOUT} once the checker timeout has
 * passed. Per path, at most one check runs and at most one more is abandoned (stuck past its timeout): while
 * both are taken, every check answers {@link PathState#TIMEOUT} and starts nothing, until one returns. An
 * abandoned check's checker is freed when its call returns, and the next check inits a fresh one. A check of
 * an asynchronous-capable class in {@code ASYNC} mode is started and collected on the caller's thread (the
 * class promises not to wait there), and is answered {@link PathState#TIMEOUT} if it is still pending one
 * second after the checker timeout. {@link #awaitAnswer} waits at most the time it is given.
 *
 * <p><b>Answers.</b> Every method that answers returns a {@link CheckResult}, never null. A checker that throws
 * (a plugin bug) is answered {@link PathState#UNCHECKED} with a message naming the exception, and logged.
 *
 * <p><b>Ownership.</b> The host owns the path checker and closes it once; it does not own the device, which it
 * keeps open until {@link #released()} has completed. Calls into the checker run with the plugin's class loader as the
 * thread's context class loader.
 *
 * <p><b>Threading.</b> Thread-safe; calls may come from any thread. {@link #close()} may race with any call.
 *
 * <p><b>After close.</b> {@link #close()} is idempotent; every other method throws {@link
 * IllegalStateException}. So do they once the checker's class was unloaded (its registry closed).
 */
public abstract sealed class PathChecker implements AutoCloseable
    permits DirectPathChecker, PooledPathChecker {
  /** How long an asynchronous check may stay pending past the checker timeout before the framework says so. */
  static final long ASYNC_GRACE_NANOS = Duration.ofSeconds(1).toNanos();

  final LoadedClass loaded;
  final Path path;
  final long timeoutNanos;

  PathChecker(LoadedClass loaded, Path path, Duration timeout) {
    this.loaded = loaded;
    this.path = path;
    this.timeoutNanos = timeout.toNanos();
  }

  /** Returns the path, as the device names it. */
  public final Path path() {
    return path;
  }

  /** Returns the name of the checker, such as {@code "directio"}. */
  public final String checkerName() {
    return loaded.name();
  }

  /**
   * Checks the path, or collects the check already in flight, without waiting for the device.
   *
   * @return a final answer, or a {@link PathState#PENDING} one while the check is in flight
   * @throws IllegalStateException if this checker was closed, or its class unloaded
   */
  public abstract CheckResult check();

  /**
   * Collects the answer of the check in flight, without waiting for the device; with no check in flight, the
   * last final answer.
   *
   * @throws IllegalStateException if this checker was closed, or its class unloaded
   */
  public abstract CheckResult pending();

  /**
   * Returns whether a check is in flight that nobody looked at since it started: the host may then wait a
   * little (with {@link #awaitAnswers}) before collecting it.
   *
   * @throws IllegalStateException if this checker was closed, or its class unloaded
   */
  public abstract boolean needWait();

  /**
   * Waits at most {@code maxWait} for the answer of the check in flight, and returns it: final, or {@link
   * PathState#PENDING} if it is still in flight. Starts no check; with none in flight, returns at once.
   *
   * @throws IllegalStateException if this checker was closed, or its class unloaded
   * @throws InterruptedException if the thread was interrupted while waiting
   */
  public abstract CheckResult awaitAnswer(Duration maxWait) throws InterruptedException;

  /**
   * Checks the path and waits for the final answer, at most the checker timeout and a second: what a one-shot
   * host, such as {@code pathcheck check}, does. A check that returned {@link PathState#PENDING} as its answer
   * (a LUN in transition, say) is final once it has returned: only a check in flight is waited for.
   *
   * @return the final answer; {@link PathState#TIMEOUT} if none came in time
   * @throws IllegalStateException if this checker was closed, or its class unloaded
   * @throws InterruptedException if the thread was interrupted while waiting
   */
  public final CheckResult checkAndWait() throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos + ASYNC_GRACE_NANOS;
    CheckResult result = check();
    while (result.isPending() && isCheckInFlight()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return timedOut();
      }
      result = awaitAnswer(Duration.ofNanos(left));
    }
    return result;
  }

  /**
   * Returns whether the last pending answer stands for a check still in flight, or one that returned but whose
   * answer was not collected yet, rather than the answer a check returned. A checker called on the host's
   * thread answers pending while its check is in flight, so for it every pending answer is one.
   */
  abstract boolean isCheckInFlight();

  /**
   * Waits, at most {@code maxWait} in all, until the checks in flight of {@code checkers} have their answers
   * ready for {@link #pending()}: multipathd's short wait after starting a round's checks, ended as soon as the
   * answers are in. Each class waits once, for all its checkers.
   *
   * <p>A checker closed meanwhile, such as a path a host removed while its round was running, is passed over.
   *
   * @return whether every class could tell when its answers were ready; false if some could not, so that the
   *     caller may sleep what is left of its wait instead
   * @throws InterruptedException if the thread was interrupted while waiting
   */
  public static boolean awaitAnswers(Collection<PathChecker> checkers, Duration maxWait)
      throws InterruptedException {
    Objects.requireNonNull(maxWait, "maxWait");
    long deadline = System.nanoTime() + maxWait.toNanos();
    LoadedClass onlyClass = null; // the common case, one class: no set of classes to allocate
    Set<LoadedClass> awaitedClasses = null;
    boolean told = true;
    for (PathChecker checker : checkers) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      if (checker instanceof DirectPathChecker) {
        LoadedClass cls = checker.loaded;
        if (cls == onlyClass) {
          continue;
        }
        if (onlyClass == null) {
          onlyClass = cls;
        } else {
          if (awaitedClasses == null) {
            awaitedClasses = Collections.newSetFromMap(new IdentityHashMap<>());
            awaitedClasses.add(onlyClass);
          }
          if (!awaitedClasses.add(cls)) {
            continue;
          }
        }
        told &= cls.awaitAnswers(Duration.ofNanos(left));
      } else {
        ((PooledPathChecker) checker).awaitAnswerUnlessClosed(Duration.ofNanos(left));
      }
    }
    return told;
  }

  /**
   * Frees the checker: at once, waiting at most the registry's lifecycle timeout for the checker's own free,
   * or, when a call on it is running, when that call returns, without waiting for it. Never waits for the
   * device. Idempotent.
   */
  @Override
  public abstract void close();

  /**
   * Returns a stage that completes once this path's checker is freed and no call on it runs any more: soon
   * after {@link #close()}, or, when a check is stuck in the device, once it returns. Until then that call may
   * still use the device's descriptor, so a host closes the device only after this stage completes (or leaves
   * it to the process's exit): a descriptor closed earlier could be reused by another open, and the stuck call
   * would then read whatever that is. Never completes before {@link #close()}.
   */
  public abstract CompletionStage<Void> released();

  final CheckResult timedOut() {
    return loaded.timedOutResult();
  }

  final CheckResult failed(String method, Throwable failure) {
    return loaded.failedResult(path, method, failure);
  }

  final IllegalStateException closedException() {
    return new IllegalStateException(
        "the " + loaded.name() + " checker for " + path + " was closed; init a new one");
  }

  @Override
  public String toString() {
    return loaded.name() + " checker for " + path;
  }
}
