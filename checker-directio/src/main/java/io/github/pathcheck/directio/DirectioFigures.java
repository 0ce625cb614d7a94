package io.github.pathcheck.directio;

/**
 * What a host may read of a loaded directio checker class: its aio groups and counters. A host gets it from the
 * framework's handle, {@code handle.unwrap(DirectioFigures.class)}, when directio is on its class path.
 *
 * <p>Thread-safe, and usable after the class is unloaded (it then reports what was left). Holding it keeps the
 * class reachable: drop it with the handle.
 */
public interface DirectioFigures {
  /** Returns a read-only view of the class now: see {@link DirectioSnapshot}. */
  DirectioSnapshot snapshot();

  /** Returns the class option {@code groupSize} the class was loaded with. */
  int groupSize();
}
