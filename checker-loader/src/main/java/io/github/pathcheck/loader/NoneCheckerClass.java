package io.github.pathcheck.loader;

import io.github.pathcheck.api.AbstractChecker;
import io.github.pathcheck.api.AbstractCheckerClass;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.CheckerMessages;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.PathState;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The {@code none} checker class; see {@link NoneCheckerProvider}. Thread-safe. */
final class NoneCheckerClass extends AbstractCheckerClass {
  static final String STATE_PROPERTY = "state";

  NoneCheckerClass(Map<String, String> classOptions) {
    super(NoneCheckerProvider.NAME, classOptions, Set.of());
  }

  @Override
  protected Set<String> acceptedProperties() {
    return Set.of(STATE_PROPERTY);
  }

  @Override
  protected AbstractChecker newChecker(PathDevice device, CheckerOptions options) {
    PathState state = parseState(device, options);
    return new NoneChecker(this, device, CheckResult.of(state, CheckerMessages.forState(state)));
  }

  private static PathState parseState(PathDevice device, CheckerOptions options) {
    String value = options.property(STATE_PROPERTY, PathState.UP.displayName());
    for (PathState state : PathState.values()) {
      if (state.displayName().equals(value)) {
        return state;
      }
    }
    throw new IllegalArgumentException(
        "none checker for "
            + device.path()
            + ": property '"
            + STATE_PROPERTY
            + "' is '"
            + value
            + "'; accepted values: "
            + Arrays.stream(PathState.values())
                .map(PathState::displayName)
                .collect(Collectors.joining(", ")));
  }

  /** Returns the checkers not freed yet; for tests. */
  int live() {
    return liveCheckers();
  }
}
