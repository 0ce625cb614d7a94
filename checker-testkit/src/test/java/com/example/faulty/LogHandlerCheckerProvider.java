package com.example.faulty;

/** The checker with {@link Fault#LOG_HANDLER}, for a plugin jar. */
public final class LogHandlerCheckerProvider extends FaultyCheckerProvider {
  public LogHandlerCheckerProvider() {
    super(Fault.LOG_HANDLER);
  }
}
