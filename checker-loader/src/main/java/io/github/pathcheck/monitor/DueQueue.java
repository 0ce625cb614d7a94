package io.github.pathcheck.monitor;

import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * When each path of a {@link PathMonitor} is due, ordered by time, so that a round visits the paths it checks
 * and not every path it watches. An entry holds the time a path was scheduled for when it was queued; it is
 * stale once the path is rescheduled, disabled or removed, and is then skipped. Entries of removed paths are
 * dropped when the next pass starts after {@link #forgetRemoved()}, so that a removed path's checker (and
 * its class loader) is not kept for up to an interval.
 *
 * <p>{@link #offer(MonitoredPath)} and {@link #forgetRemoved()} may be called from any thread; every other
 * method only by the thread running a round, under the monitor's round lock.
 */
final class DueQueue {
  private final Queue<MonitoredPath> offered = new ConcurrentLinkedQueue<>();
  private final PriorityQueue<Due> byTime = new PriorityQueue<>();
  private volatile boolean removals;
  private long pass; // round only

  /** A path and the time it was scheduled for. */
  private record Due(long nanos, MonitoredPath entry) implements Comparable<Due> {
    boolean isCurrent() {
      return entry.nextDueIfScheduled() == nanos;
    }

    @Override
    public int compareTo(Due other) {
      return Long.signum(nanos - other.nanos); // ticker values: compared by difference, as System.nanoTime()
    }
  }

  /** Queues a path added or enabled on any thread; the next round reads its due time. */
  void offer(MonitoredPath entry) {
    offered.add(entry);
  }

  /** Tells the queue that a path was removed, so that the next round drops its entries. Any thread. */
  void forgetRemoved() {
    removals = true;
  }

  /** Puts a path the round rescheduled at {@code nanos}. */
  void add(MonitoredPath entry, long nanos) {
    byTime.add(new Due(nanos, entry));
  }

  /** Starts a round's pass over the due paths: takes in what was offered and drops removed paths. */
  void startPass() {
    pass++;
    if (removals) {
      removals = false;
      byTime.removeIf(due -> due.entry.nextDueIfScheduled() == Long.MAX_VALUE);
    }
    MonitoredPath entry;
    while ((entry = offered.poll()) != null) {
      long nanos = entry.nextDueIfScheduled();
      if (nanos != Long.MAX_VALUE) {
        byTime.add(new Due(nanos, entry));
      }
    }
  }

  /**
   * Returns the next path due at {@code nowNanos} not yet returned in this pass, or null when none is left.
   * The caller still asks the path whether it is due: an entry may be stale.
   */
  MonitoredPath pollDue(long nowNanos) {
    while (!byTime.isEmpty() && byTime.peek().nanos - nowNanos <= 0) {
      MonitoredPath entry = byTime.poll().entry;
      if (entry.duePass != pass) {
        entry.duePass = pass;
        return entry;
      }
    }
    return null;
  }

  /** Returns when the earliest path is due, or {@link Long#MAX_VALUE} if none is scheduled. */
  long nextDue() {
    while (!byTime.isEmpty()) {
      Due head = byTime.peek();
      if (head.isCurrent()) {
        return head.nanos;
      }
      byTime.poll();
    }
    return Long.MAX_VALUE;
  }

  /** Drops every entry, once the monitor is closed. */
  void clear() {
    byTime.clear();
    offered.clear();
  }
}
