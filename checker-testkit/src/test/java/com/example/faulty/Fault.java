package com.example.faulty;

/** The one thing a {@link FaultyCheckerProvider}'s checker gets wrong, each to be caught by the kit. */
public enum Fault {
  /** Nothing: a correct, asynchronous-capable checker. */
  NONE("correct"),
  /** check() and pending() answer null. */
  NULL_STATE("null-state"),
  /** Every call keeps working after free. */
  WORKS_AFTER_FREE("after-free"),
  /** Unload leaves the class's worker thread running. */
  LEAKS_THREAD("leak-thread"),
  /** An asynchronous check stays pending forever, past its timeout. */
  NEVER_RESOLVES("never-resolves"),
  /** awaitAnswers() says it waited for the answers, but asynchronous checks stay pending forever. */
  AWAITS_NOTHING("awaits-nothing"),
  /** unload() waits for a lock that a thread of the class holds until {@link FaultyCheckerClass#endDeadlocks()}. */
  DEADLOCKS_IN_UNLOAD("deadlock");

  private final String checkerName;

  Fault(String checkerName) {
    this.checkerName = checkerName;
  }

  /** Returns whether an asynchronous check of this checker stays pending forever. */
  boolean neverResolves() {
    return this == NEVER_RESOLVES || this == AWAITS_NOTHING;
  }

  /** Returns the name of the checker with this fault. */
  public String checkerName() {
    return checkerName;
  }
}
