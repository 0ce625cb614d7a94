package io.github.pathcheck.nvme;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.nativeio.nvme.AnaState;

/** The ana checker's answers: one constant per fixed answer, and the mapping from an ANA state to its answer. */
final class AnaAnswers {
  static final CheckResult OPTIMIZED = CheckResult.of(PathState.UP, " reports path is optimized");
  static final CheckResult NON_OPTIMIZED = CheckResult.of(PathState.UP, " reports path is non-optimized");
  static final CheckResult INACCESSIBLE = CheckResult.of(PathState.GHOST, " reports path is inaccessible");
  static final CheckResult PERSISTENT_LOSS = CheckResult.of(PathState.DOWN, " reports path is in persistent loss");
  static final CheckResult CHANGE = CheckResult.of(PathState.PENDING, " reports path is changing its ANA state");
  static final CheckResult TIMED_OUT = CheckResult.of(PathState.TIMEOUT, " timed out");
  static final CheckResult CONTROLLER_GONE = CheckResult.of(PathState.DOWN, " reports controller is gone");
  /** A controller that does not report ANA states answered Identify Controller. */
  static final CheckResult UP_WITHOUT_ANA = CheckResult.of(PathState.UP, " reports path is up (no ANA)");
  /** An asynchronous check's command is in flight on the class's io_uring. */
  static final CheckResult WAITING = CheckResult.of(PathState.PENDING, " is waiting on io_uring");
  /** The class's io_uring has as many commands in flight as it has room for. */
  static final CheckResult RING_FULL =
      CheckResult.of(PathState.UNCHECKED, " found no room on the io_uring: too many commands in flight");
  /** The kernel takes no NVMe admin command through io_uring on a controller node (before Linux 6.1). */
  static final CheckResult RING_UNSUPPORTED =
      CheckResult.of(
          PathState.UNCHECKED,
          " cannot send NVMe admin commands through io_uring on this kernel (Linux 6.1 or later does): use mode"
              + " sync");
  /** The check itself failed: the native layer could not be used, or the transport threw. */
  static final CheckResult FAILED = CheckResult.of(PathState.UNCHECKED, " failed to initialize");

  private AnaAnswers() {}

  /** Returns the answer for a path in ANA state {@code state}. */
  static CheckResult of(AnaState state) {
    switch (state) {
      case OPTIMIZED:
        return OPTIMIZED;
      case NON_OPTIMIZED:
        return NON_OPTIMIZED;
      case INACCESSIBLE:
        return INACCESSIBLE;
      case PERSISTENT_LOSS:
        return PERSISTENT_LOSS;
      case CHANGE:
        return CHANGE;
      default:
        throw new AssertionError(state);
    }
  }

  /** Returns down for a controller in {@code state}, any state but {@code live}. */
  static CheckResult controllerNotLive(String state) {
    return CheckResult.of(PathState.DOWN, " reports controller is " + printable(state));
  }

  /** Returns down with {@code detail} after {@code " reports path is down: "}. */
  static CheckResult down(String detail) {
    return CheckResult.of(PathState.DOWN, " reports path is down: " + detail);
  }

  /** Keeps a word read from sysfs to printable ASCII, so a message stays one line. */
  private static String printable(String word) {
    StringBuilder s = new StringBuilder(word.length());
    for (int i = 0; i < word.length() && i < 64; i++) {
      char c = word.charAt(i);
      s.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return s.toString();
  }
}
