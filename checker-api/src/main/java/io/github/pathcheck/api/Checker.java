package io.github.pathcheck.api;

/**
 * One path's checker: answers whether the path is usable, once per check interval.
 *
 * <p>A checker is created by {@link CheckerClass#init} and lives until {@link #free()}. It checks the {@link
 * PathDevice} it was given, which the host keeps open meanwhile.
 *
 * <p><b>The protocol.</b> The host calls {@link #check()}. In {@link CheckMode#SYNC} mode the answer is final.
 * In {@link CheckMode#ASYNC} mode it may be {@link PathState#PENDING}: the check is in flight. The host then
 * starts the other paths' checks, waits once (a few milliseconds) if any checker's {@link #needWait()} is
 * true, and collects each pending answer with {@link #pending()}, which never blocks. A check still in flight
 * when {@link #check()} is called again is not started a second time: its outcome is awaited.
 *
 * <p><b>Threading.</b> The host calls one checker from one thread at a time (it may be a different thread
 * each time). Different checkers, of the same class or not, may be called from different threads at once;
 * resources they share are the class's to synchronise.
 *
 * <p><b>After free.</b> {@link #free()} and {@link #close()} are idempotent; every other method throws {@link
 * IllegalStateException} once the checker is freed. A check in flight at free is abandoned: its result is
 * dropped and its resources are released when it ends, by the class, not by the caller.
 */
public interface Checker extends AutoCloseable {

  /**
   * Checks the path, or collects the check already in flight.
   *
   * <p>Returns a final state, or {@link PathState#PENDING} in asynchronous mode. A device with no usable file
   * descriptor is answered {@link PathState#WILD} with {@link CheckerMessages#NO_USABLE_FD}. Failures of the
   * path are answered as states, never thrown.
   *
   * @return the path's state; never null
   * @throws IllegalStateException if the checker was freed, or its class unloaded
   */
  PathState check();

  /**
   * Collects the answer of a check in flight, without blocking: the final state once it is known, {@link
   * PathState#PENDING} while it is not. With no check in flight, returns the last answer.
   *
   * <p>A checker whose check is still in flight after the checker timeout answers a final state ({@link
   * PathState#DOWN} or {@link PathState#TIMEOUT}, as the checker documents) rather than pending forever.
   *
   * @return the path's state; never null
   * @throws IllegalStateException if the checker was freed, or its class unloaded
   */
  PathState pending();

  /**
   * Returns whether the host should wait a little before calling {@link #pending()}: true only for a check
   * that is in flight and has not been looked at since it was started (multipath's {@code checked_state}).
   *
   * @throws IllegalStateException if the checker was freed, or its class unloaded
   */
  boolean needWait();

  /**
   * Returns the message of the last answer, a fragment the host prints after the checker's name (see {@link
   * CheckerMessages}). Before the first check it is what init had to say about the device (such as
   * directio's {@code " cannot get blocksize, set default"}), or {@link CheckerMessages#NONE}.
   *
   * @return the message; never null
   * @throws IllegalStateException if the checker was freed, or its class unloaded
   */
  String message();

  /**
   * Frees the checker: restores what it changed on the device, releases what it holds, and abandons a check
   * in flight (whose resources the class releases when it ends). Never closes the device. Idempotent.
   */
  void free();

  /** Same as {@link #free()}, so a checker can be used in try-with-resources. */
  @Override
  default void close() {
    free();
  }
}
