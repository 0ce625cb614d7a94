package io.github.pathcheck.tur;

import io.github.pathcheck.api.CheckerMessages;
import io.github.pathcheck.api.PathState;
import java.util.Objects;

/** A path state and its message: what one check answers. An immutable value. */
final class TurAnswer {
  static final TurAnswer UP = new TurAnswer(PathState.UP, CheckerMessages.PATH_UP);
  static final TurAnswer DOWN = new TurAnswer(PathState.DOWN, CheckerMessages.PATH_DOWN);
  static final TurAnswer GHOST = new TurAnswer(PathState.GHOST, CheckerMessages.PATH_GHOST);
  static final TurAnswer TRANSITIONING = new TurAnswer(PathState.PENDING, TurMessages.TRANSITIONING);
  static final TurAnswer DISCONNECTED =
      new TurAnswer(PathState.DISCONNECTED, CheckerMessages.NO_ACCESS);
  static final TurAnswer UNSUPPORTED = new TurAnswer(PathState.WILD, CheckerMessages.UNSUPPORTED_DEVICE);
  static final TurAnswer NO_USABLE_FD = new TurAnswer(PathState.WILD, CheckerMessages.NO_USABLE_FD);
  static final TurAnswer RUNNING = new TurAnswer(PathState.PENDING, TurMessages.STILL_RUNNING);
  static final TurAnswer TIMED_OUT = new TurAnswer(PathState.TIMEOUT, TurMessages.TIMED_OUT);
  /** The check itself failed: the native layer could not be used, or the transport threw. */
  static final TurAnswer FAILED = new TurAnswer(PathState.UNCHECKED, TurMessages.FAILED_TO_INITIALIZE);
  static final TurAnswer UNCHECKED = new TurAnswer(PathState.UNCHECKED, CheckerMessages.NONE);

  private final PathState state;
  private final String message;

  TurAnswer(PathState state, String message) {
    this.state = Objects.requireNonNull(state, "state");
    this.message = Objects.requireNonNull(message, "message");
  }

  PathState state() {
    return state;
  }

  String message() {
    return message;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TurAnswer
        && ((TurAnswer) o).state == state
        && ((TurAnswer) o).message.equals(message);
  }

  @Override
  public int hashCode() {
    return state.hashCode() * 31 + message.hashCode();
  }

  @Override
  public String toString() {
    return state + " \"" + message + "\"";
  }
}
