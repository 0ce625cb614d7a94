package io.github.pathcheck.api;

/**
 * Thrown by {@link CheckerClass#init} when a checker cannot be set up for a path: the device cannot be
 * inspected, or a system-wide limit is reached.
 *
 * <p>The message names the path and, where there is one, what to do about it. A failed init leaves nothing
 * behind: no shared slot held, no native memory, the device's flags as they were.
 */
public class CheckerInitException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that names the path and the fix. */
  public CheckerInitException(String message) {
    super(message);
  }

  /** Creates an exception with a message that names the path and the fix, and its cause. */
  public CheckerInitException(String message, Throwable cause) {
    super(message, cause);
  }
}
