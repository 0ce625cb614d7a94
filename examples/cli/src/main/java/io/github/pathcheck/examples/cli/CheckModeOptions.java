package io.github.pathcheck.examples.cli;

import io.github.pathcheck.api.CheckMode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** {@code --async} (the default) or {@code --sync}, taken alike by check and watch. */
final class CheckModeOptions {
  @ArgGroup(exclusive = true)
  Choice choice = new Choice();

  /** The two options, which exclude each other. */
  static final class Choice {
    @Option(names = "--async", description = "Check asynchronously where the checker can (the default).")
    boolean async;

    @Option(names = "--sync", description = "Check synchronously, on the framework's pool.")
    boolean sync;
  }

  /** Returns the mode given: {@link CheckMode#SYNC} for {@code --sync}, else {@link CheckMode#ASYNC}. */
  CheckMode mode() {
    return choice != null && choice.sync ? CheckMode.SYNC : CheckMode.ASYNC;
  }
}
