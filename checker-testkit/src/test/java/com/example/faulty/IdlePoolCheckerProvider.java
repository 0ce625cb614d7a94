package com.example.faulty;

/** The checker with {@link Fault#IDLE_POOL}, for a plugin jar. */
public final class IdlePoolCheckerProvider extends FaultyCheckerProvider {
  public IdlePoolCheckerProvider() {
    super(Fault.IDLE_POOL);
  }
}
