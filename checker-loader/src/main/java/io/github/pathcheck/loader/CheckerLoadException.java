package io.github.pathcheck.loader;

/**
 * Thrown when checkers cannot be discovered or loaded: two providers of the same name, a plugin directory
 * that cannot be read, or a provider whose {@link io.github.pathcheck.api.CheckerProvider#load} fails. The
 * message names the origins involved (the plugin jar or directory) and, where there is one, the fix; the cause
 * is the provider's own exception.
 *
 * <p>When this is thrown nothing is left half-loaded: no class stays loaded and no plugin class loader stays
 * open on its account.
 */
public class CheckerLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception whose message names the origins involved and the fix. */
  public CheckerLoadException(String message) {
    super(message);
  }

  /** Creates an exception whose message names the origins involved and the fix, with its cause. */
  public CheckerLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
