package io.github.pathcheck.monitor;

/**
 * Told by a {@link PathMonitor} when a path's state changes: from an old {@link PathStatus#state()} to a new
 * one. A change of message alone, or a check going in flight ({@link io.github.pathcheck.api.PathState#PENDING}),
 * is no transition.
 *
 * <p><b>Threading.</b> Called on the thread that runs the monitor's rounds (its loop thread, or the host's
 * thread in {@link PathMonitor#runOnce()}), one transition at a time, in the order they happened for each path,
 * and never while the monitor holds a lock that {@link PathMonitor#add}, {@link PathMonitor#remove}, {@link
 * PathMonitor#disable}, {@link PathMonitor#enable} or {@link PathMonitor#close()} take: a listener may call
 * them. A listener that blocks delays the next round; one that throws is logged and the others are still
 * called.
 */
@FunctionalInterface
public interface PathTransitionListener {

  /**
   * Called once per transition.
   *
   * @param from the path's status before; {@code from.state() != to.state()}
   * @param to the path's status after, as {@link PathMonitor#status} returned it when it was published
   */
  void transitioned(PathStatus from, PathStatus to);
}
