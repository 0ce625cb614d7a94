package io.github.pathcheck.loader;

import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.api.UnloadResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** The {@code none} checker class; see {@link NoneCheckerProvider}. Thread-safe. */
final class NoneCheckerClass implements CheckerClass {
  static final String STATE_PROPERTY = "state";

  private final Set<NoneChecker> live = new LinkedHashSet<>(); // guarded by this
  private boolean unloaded; // guarded by this

  @Override
  public String name() {
    return NoneCheckerProvider.NAME;
  }

  @Override
  public boolean isAsyncCapable() {
    return false;
  }

  @Override
  public Checker init(PathDevice device, CheckerOptions options) {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(options, "options");
    PathState state = parseState(device, options);
    synchronized (this) {
      if (unloaded) {
        throw new IllegalStateException(
            "cannot init the none checker for " + device.path() + ": its class was unloaded; acquire it again");
      }
      NoneChecker checker = new NoneChecker(this, device, state);
      live.add(checker);
      return checker;
    }
  }

  private static PathState parseState(PathDevice device, CheckerOptions options) {
    for (String key : options.properties().keySet()) {
      if (!key.equals(STATE_PROPERTY)) {
        throw new IllegalArgumentException(
            "none checker for "
                + device.path()
                + ": unknown property '"
                + key
                + "'; the only accepted property is '"
                + STATE_PROPERTY
                + "'");
      }
    }
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

  synchronized void forget(NoneChecker checker) {
    live.remove(checker);
  }

  @Override
  public synchronized void reset() {
    if (unloaded) {
      throw new IllegalStateException("the none checker class was unloaded; acquire it again");
    }
    // Nothing is shared between none checkers: nothing to release.
  }

  @Override
  public UnloadResult unload() {
    List<NoneChecker> toFree;
    synchronized (this) {
      if (unloaded) {
        return UnloadResult.complete();
      }
      unloaded = true;
      toFree = new ArrayList<>(live);
      live.clear();
    }
    for (NoneChecker checker : toFree) {
      checker.freeByUnload();
    }
    return UnloadResult.complete();
  }

  /** Returns the checkers not freed yet; for tests. */
  synchronized int liveCheckers() {
    return live.size();
  }

  @Override
  public String toString() {
    return "NoneCheckerClass" + Map.of("live", live.size(), "unloaded", unloaded);
  }
}
