package com.example.faulty;

/** The checker whose unload leaves its worker thread running, for a plugin jar. */
public final class ThreadLeakingCheckerProvider extends FaultyCheckerProvider {
  public ThreadLeakingCheckerProvider() {
    super(Fault.LEAKS_THREAD);
  }
}
