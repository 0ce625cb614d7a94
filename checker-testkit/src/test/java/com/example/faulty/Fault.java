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
  DEADLOCKS_IN_UNLOAD("deadlock"),
  /** The probe throws when the device cannot be read, instead of answering down. */
  THROWS_FOR_PATH_FAILURE("throws"),
  /** The class keeps working after unload: init and reset do not throw. */
  WORKS_AFTER_UNLOAD("after-unload"),
  /** Unload does not free the live checkers: their calls keep working. */
  UNLOAD_KEEPS_CHECKERS("unload-keeps"),
  /** Free leaves the checker in the class's live set, which grows with every init. */
  FREE_KEEPS_IN_LIVE_SET("grows"),
  /** Each check opens a channel and never closes it: only a garbage collection does. */
  LEAKS_DESCRIPTOR("leak-fd"),
  /** pending() waits for the check in flight. */
  PENDING_BLOCKS("pending-blocks"),
  /** An asynchronous check stays pending as long as its read hangs: no timeout. */
  NO_TIMEOUT("no-timeout"),
  /** check() while a check is in flight starts a second read. */
  SECOND_READ("second-read"),
  /** load() accepts class options it does not know. */
  ACCEPTS_UNKNOWN_OPTIONS("any-option"),
  /** init() accepts per-path properties it does not know. */
  ACCEPTS_UNKNOWN_PROPERTIES("any-property"),
  /** The class keeps its checkers in a static HashMap, used without synchronisation. */
  UNSYNCHRONISED_STATIC_MAP("static-map"),
  /** The class keeps its live set and a live counter without synchronisation. */
  UNSYNCHRONISED_LIVE_SET("live-set"),
  /** The class adds a java.util.logging handler of its own to the root logger and never removes it. */
  LOG_HANDLER("log-handler"),
  /** The class registers a shutdown hook and never removes it. */
  SHUTDOWN_HOOK("shutdown-hook"),
  /** Each check caches a buffer of the plugin's class in a ThreadLocal on the calling thread. */
  THREAD_LOCAL("thread-local"),
  /** The class starts a thread pool with a thread factory of its own and never shuts it down. */
  IDLE_POOL("idle-pool"),
  /** The message of the last failure is sent with every later answer, up ones included. */
  STALE_MESSAGE("stale-message");

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
