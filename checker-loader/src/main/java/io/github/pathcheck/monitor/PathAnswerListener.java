package io.github.pathcheck.monitor;

/**
 * Told by a {@link PathMonitor} of every final answer a path's checker gives, whether its state changed or
 * not, with how long the check took ({@link PathStatus#lastCheckDuration()}): what metrics count, without
 * polling. Answers dropped because the path was disabled meanwhile are not told.
 *
 * <p><b>Threading.</b> As {@link PathTransitionListener}: called on the thread that runs the round, after the
 * round's checks and before its transitions are delivered, never while the monitor holds a lock a listener's
 * calls into the monitor would take. A listener that blocks delays the next round; one that throws is logged
 * and the others are still called.
 */
@FunctionalInterface
public interface PathAnswerListener {

  /**
   * Called once per final answer.
   *
   * @param status the path's status as the answer made it: its state and message, {@link
   *     PathStatus#lastChecked()} and {@link PathStatus#lastCheckDuration()}
   */
  void answered(PathStatus status);
}
