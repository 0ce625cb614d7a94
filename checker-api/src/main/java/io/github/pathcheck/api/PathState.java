package io.github.pathcheck.api;

/**
 * The state of a path as a checker reports it: multipath-tools' path states, in its order, with its printed
 * names.
 *
 * <p>{@link #toString()} and {@link #displayName()} give multipath's lower-case name ("up", "ghost", ...), so
 * a host prints states the way multipathd does.
 */
public enum PathState {
  /** The checker could not look at the path: it has no usable file descriptor, or the device is unsupported. */
  WILD("wild"),
  /** The path was not checked: its checker is disabled, or the check could not be started. */
  UNCHECKED("unchecked"),
  /** The path failed its check. */
  DOWN("down"),
  /** The path is usable. */
  UP("up"),
  /** The path works but should be avoided (multipath's emc_clariion checker reports it). */
  SHAKY("shaky"),
  /** The path is usable but in standby: it accepts no I/O until the array activates it. */
  GHOST("ghost"),
  /**
   * The answer is not known yet: an asynchronous check is in flight, or the array reports an access state
   * transition. Ask {@link Checker#pending()} again later.
   */
  PENDING("pending"),
  /** An asynchronous check did not complete within the checker timeout. */
  TIMEOUT("timeout"),
  /** The device has gone away; a host treats it as {@link #DOWN}. */
  REMOVED("removed"),
  /** The host delays reinstating the path (multipathd's own state; checkers do not report it). */
  DELAYED("delayed"),
  /** The target no longer maps the LUN behind this path; a host treats it as {@link #DOWN}. */
  DISCONNECTED("disconnected");

  private final String displayName;

  PathState(String displayName) {
    this.displayName = displayName;
  }

  /** Returns multipath's printed name of this state, such as {@code "up"} or {@code "ghost"}. */
  public String displayName() {
    return displayName;
  }

  /** Returns {@link #displayName()}. */
  @Override
  public String toString() {
    return displayName;
  }
}
