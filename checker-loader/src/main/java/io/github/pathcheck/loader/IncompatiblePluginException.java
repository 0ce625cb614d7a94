package io.github.pathcheck.loader;

/** A plugin built for an SPI this host cannot load; its message is the one line discovery reports. */
final class IncompatiblePluginException extends Exception {
  private static final long serialVersionUID = 1L;

  IncompatiblePluginException(String message) {
    super(message, null, false, false);
  }
}
