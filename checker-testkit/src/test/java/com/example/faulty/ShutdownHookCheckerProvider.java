package com.example.faulty;

/** The checker with {@link Fault#SHUTDOWN_HOOK}, for a plugin jar. */
public final class ShutdownHookCheckerProvider extends FaultyCheckerProvider {
  public ShutdownHookCheckerProvider() {
    super(Fault.SHUTDOWN_HOOK);
  }
}
