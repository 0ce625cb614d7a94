package com.example.faulty;

/** The checker with {@link Fault#THREAD_LOCAL}, for a plugin jar. */
public final class ThreadLocalCheckerProvider extends FaultyCheckerProvider {
  public ThreadLocalCheckerProvider() {
    super(Fault.THREAD_LOCAL);
  }
}
