package io.github.pathcheck.api;

/**
 * Which of a checker's protocols the framework uses for a path (see {@link Checker}).
 *
 * <p>A class that is not {@linkplain CheckerClass#isAsyncCapable() asynchronous-capable} is always checked in
 * {@link #SYNC} mode, whatever the host asks. Either way the host's thread is not held: the framework runs
 * {@code SYNC} checks on a pool of its own.
 */
public enum CheckMode {
  /**
   * {@code check()} blocks until it has a final answer, on a thread of the framework's pool; past the checker
   * timeout the framework answers {@link PathState#TIMEOUT} without it.
   */
  SYNC,
  /**
   * {@code check()} starts the check and may answer {@link PathState#PENDING} at once, on the host's thread;
   * the framework collects the answer with {@link Checker#pending()}.
   */
  ASYNC
}
