package io.github.pathcheck.api;

import java.util.Objects;

/**
 * One answer of a checker: a {@link PathState} and the message that goes with it.
 *
 * <p>The message is a fragment that follows the checker's name, as multipathd prints it: {@code "<device>:
 * <name> checker<message>"}, so it is empty or starts with a space, and has no trailing period (see {@link
 * CheckerMessages} for the generic ones). The constants below are multipath-tools' generic message table;
 * checkers make their own with {@link #of}, ideally once, as constants, so answering allocates nothing.
 *
 * <p>Immutable and thread-safe. Two results are equal when their states and messages are.
 */
public final class CheckResult {
  /** The path is up: {@link PathState#UP}, {@link CheckerMessages#PATH_UP}. */
  public static final CheckResult UP = new CheckResult(PathState.UP, CheckerMessages.PATH_UP);
  /** The path is down: {@link PathState#DOWN}, {@link CheckerMessages#PATH_DOWN}. */
  public static final CheckResult DOWN = new CheckResult(PathState.DOWN, CheckerMessages.PATH_DOWN);
  /** The path is in standby: {@link PathState#GHOST}, {@link CheckerMessages#PATH_GHOST}. */
  public static final CheckResult GHOST = new CheckResult(PathState.GHOST, CheckerMessages.PATH_GHOST);
  /** The device has no open descriptor: {@link PathState#WILD}, {@link CheckerMessages#NO_USABLE_FD}. */
  public static final CheckResult NO_USABLE_FD =
      new CheckResult(PathState.WILD, CheckerMessages.NO_USABLE_FD);
  /** The checker cannot check this device: {@link PathState#WILD}, {@link CheckerMessages#UNSUPPORTED_DEVICE}. */
  public static final CheckResult UNSUPPORTED_DEVICE =
      new CheckResult(PathState.WILD, CheckerMessages.UNSUPPORTED_DEVICE);
  /** The process may not access the device: {@link PathState#UNCHECKED}, {@link CheckerMessages#NO_ACCESS}. */
  public static final CheckResult NO_ACCESS =
      new CheckResult(PathState.UNCHECKED, CheckerMessages.NO_ACCESS);
  /** The host disabled the checker: {@link PathState#UNCHECKED}, {@link CheckerMessages#DISABLED}. */
  public static final CheckResult DISABLED =
      new CheckResult(PathState.UNCHECKED, CheckerMessages.DISABLED);
  /** Not checked yet: {@link PathState#UNCHECKED}, {@link CheckerMessages#NONE}. */
  public static final CheckResult UNCHECKED =
      new CheckResult(PathState.UNCHECKED, CheckerMessages.NONE);
  /** A check is in flight: {@link PathState#PENDING}, {@link CheckerMessages#NONE}. */
  public static final CheckResult PENDING = new CheckResult(PathState.PENDING, CheckerMessages.NONE);

  private final PathState state;
  private final String message;

  private CheckResult(PathState state, String message) {
    this.state = state;
    this.message = message;
  }

  /**
   * Returns the result of {@code state} with {@code message}.
   *
   * @throws IllegalArgumentException if {@code message} is neither empty nor starts with a space
   */
  public static CheckResult of(PathState state, String message) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(message, "message");
    if (!message.isEmpty() && message.charAt(0) != ' ') {
      throw new IllegalArgumentException(
          "a checker message follows the checker's name and starts with a space, got \"" + message + "\"");
    }
    return new CheckResult(state, message);
  }

  /** Returns the path's state. */
  public PathState state() {
    return state;
  }

  /** Returns the message: empty, or a fragment starting with a space. */
  public String message() {
    return message;
  }

  /** Returns whether this answer is {@link PathState#PENDING}: the check is not over. */
  public boolean isPending() {
    return state == PathState.PENDING;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof CheckResult)) {
      return false;
    }
    CheckResult that = (CheckResult) o;
    return state == that.state && message.equals(that.message);
  }

  @Override
  public int hashCode() {
    return 31 * state.hashCode() + message.hashCode();
  }

  /** Returns the state and the message, such as {@code "up: reports path is up"}. */
  @Override
  public String toString() {
    return message.isEmpty() ? state.displayName() : state.displayName() + ":" + message;
  }
}
