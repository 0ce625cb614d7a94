package io.github.pathcheck.vendors;

/**
 * What emc_clariion's checkers of one map share (multipath's {@code mpcontext}): whether the map's logical
 * unit was found to be an inactive snapshot. Thread-safe.
 */
final class EmcMapContext {
  private volatile boolean inactiveSnapshot;

  /** Returns whether an active path last found the logical unit an inactive snapshot. */
  boolean inactiveSnapshot() {
    return inactiveSnapshot;
  }

  /** Records what an active path's read found. */
  void inactiveSnapshot(boolean value) {
    inactiveSnapshot = value;
  }
}
