package io.github.pathcheck.examples.cli;

import java.nio.file.Path;

/** Why a checker could not be set up for a path, worded to follow "cannot watch PATH: ". */
final class InitFailures {
  private InitFailures() {}

  /** Returns the failure's message without a leading {@code "PATH: "}, which the caller's line names already. */
  static String reason(Path path, Throwable failure) {
    String message = String.valueOf(failure.getMessage());
    String prefix = path + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }
}
