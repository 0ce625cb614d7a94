package io.github.pathcheck.api;

/**
 * One path's checker, as its author implements it: answers whether the path is usable.
 *
 * <p>A checker is created by {@link CheckerClass#init} and lives until {@link #free()}. It checks the {@link
 * PathDevice} it was given, which the host keeps open meanwhile. Most authors extend {@link AbstractChecker},
 * which does the bookkeeping below and leaves only the probe to write.
 *
 * <p><b>Who calls it.</b> Hosts do not call a checker directly: the framework (the registry's host-side
 * checker) does, and it owns time and threads. A checker of a class that is not {@linkplain
 * CheckerClass#isAsyncCapable() asynchronous-capable}, or one initialised in {@link CheckMode#SYNC} mode, is
 * called on a pool of the framework's, off the host's thread; its {@link #check()} may block, ideally no longer
 * than the checker timeout: the framework answers {@link PathState#TIMEOUT} for it after that and abandons the
 * call until it returns. A checker of an asynchronous-capable class in {@link CheckMode#ASYNC} mode is called
 * on the host's thread, and so promises that {@link #check()}, {@link #pending()} and {@link #needWait()}
 * return without waiting for the device.
 *
 * <p><b>The protocol.</b> {@link #check()} returns a final answer, or, in {@code ASYNC} mode, {@link
 * PathState#PENDING} while the check is in flight; then {@link #pending()} collects it, never blocking. A check
 * still in flight when {@link #check()} is called again is not started a second time: its outcome is awaited.
 * The message of each answer is in the {@link CheckResult}; a checker keeps no "last answer" for the host.
 *
 * <p><b>Threading.</b> The framework calls one checker from one thread at a time, {@link #free()} included,
 * and never frees a checker while one of its calls runs (it frees it after that call returns). Different
 * checkers, of the same class or not, are called from different threads at once; what they share is the
 * class's to synchronise. Only {@link CheckerClass#unload()} may free a checker from another thread.
 *
 * <p><b>After free.</b> {@link #free()} is idempotent; every other method throws {@link
 * IllegalStateException}, naming the path, once the checker is freed or its class unloaded.
 */
public interface Checker {

  /**
   * Checks the path, or collects the check already in flight.
   *
   * <p>A device with no usable file descriptor is answered {@link CheckResult#NO_USABLE_FD}. Failures of the
   * path are answered as results, never thrown.
   *
   * @return a final answer, or one whose state is {@link PathState#PENDING} in {@code ASYNC} mode; never null
   * @throws IllegalStateException if the checker was freed, or its class unloaded
   */
  CheckResult check();

  /**
   * Collects the answer of the check in flight without blocking: the final answer once it is known, a {@link
   * PathState#PENDING} one while it is not. Called only after {@link #check()} answered pending, until an answer
   * is final.
   *
   * <p>A check still in flight after the checker timeout is answered with a final state ({@link PathState#DOWN}
   * or {@link PathState#TIMEOUT}, as the checker documents) rather than pending forever; the framework answers
   * {@link PathState#TIMEOUT} itself for a checker that does not.
   *
   * @return the answer; never null
   * @throws IllegalStateException if the checker was freed, or its class unloaded
   */
  CheckResult pending();

  /**
   * Returns whether the framework should wait a little before calling {@link #pending()}: true only for a
   * check that is in flight and has not been looked at since it was started (multipath's {@code
   * checked_state}).
   *
   * @throws IllegalStateException if the checker was freed, or its class unloaded
   */
  boolean needWait();

  /**
   * Frees the checker: restores what it changed on the device, releases what it holds, and abandons a check
   * in flight (whose resources the class releases when it ends). Never closes the device. Idempotent.
   */
  void free();
}
