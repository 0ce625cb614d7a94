package io.github.pathcheck.directio;

import java.util.List;

/**
 * A read-only view of a directio checker class at one moment: its aio groups and its lifetime counters, for
 * tests, the CLI and a host's diagnostics.
 *
 * <p>Each group's counts are consistent with each other; groups and counters are read one after another, so
 * while checks run on other threads they may be a few events apart. Immutable and thread-safe.
 *
 * @param groups the live aio groups, oldest first (groups being destroyed are not listed)
 * @param groupsBeingDestroyed groups whose {@code io_destroy} has not returned yet (after a reset or an unload
 *     that found reads still in flight)
 * @param ioSetupCalls {@code io_setup} calls made, failed ones included
 * @param ioDestroyCalls {@code io_destroy} calls made, in free, reset and unload
 * @param ioDestroyCallsDuringFree the {@code io_destroy} calls made by a free: one per group that the free left
 *     holding only orphans
 * @param orphansReaped reads of freed checkers whose completion was reaped, releasing their slot
 */
public record DirectioSnapshot(
    List<Group> groups,
    int groupsBeingDestroyed,
    long ioSetupCalls,
    long ioDestroyCalls,
    long ioDestroyCallsDuringFree,
    long orphansReaped) {

  /** Makes the group list unmodifiable. */
  public DirectioSnapshot {
    groups = List.copyOf(groups);
  }

  /**
   * One aio group: one kernel aio context and its slots.
   *
   * @param id the group's number, unique within its class
   * @param size the number of slots ({@code io_setup}'s {@code nr_events}, the class option {@code groupSize})
   * @param holders slots held: live checkers and orphans (multipath's {@code holders})
   * @param orphans slots held by reads of freed checkers still in flight
   * @param inFlight reads the kernel has not completed yet, or whose completion is not reaped yet, orphans
   *     included
   */
  public record Group(int id, int size, int holders, int orphans, int inFlight) {}
}
