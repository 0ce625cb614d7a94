package io.github.pathcheck.api;

/**
 * How a checker answers {@link Checker#check()}.
 *
 * <p>A class that is not {@linkplain CheckerClass#isAsyncCapable() asynchronous-capable} runs every check in
 * {@link #SYNC} mode whatever the host asks.
 */
public enum CheckMode {
  /** {@code check()} blocks, at most about the checker timeout, and returns a final state. */
  SYNC,
  /**
   * {@code check()} starts the check and may return {@link PathState#PENDING} at once; the host collects the
   * answer with {@link Checker#pending()}.
   */
  ASYNC
}
