package com.example.faulty;

/** The correct checker, with a no-argument constructor for a plugin jar's ServiceLoader. */
public final class CorrectCheckerProvider extends FaultyCheckerProvider {
  public CorrectCheckerProvider() {
    super(Fault.NONE);
  }
}
