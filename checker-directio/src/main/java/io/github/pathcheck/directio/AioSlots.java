package io.github.pathcheck.directio;

import java.util.ArrayList;
import java.util.List;

/**
 * The slots of one aio group and where each one's read is: the bookkeeping of {@link AioGroup}, which guards
 * every call with its lock. Not thread-safe on its own.
 *
 * <p><b>States.</b> A slot is free, held by a live checker with no read in flight ({@code IDLE}), in flight,
 * done (completed, result not yet collected by its checker), or an orphan: its checker was freed while the
 * read was in flight, so the kernel may still write into its buffer. An orphan's slot returns to the free list
 * only when its completion is recorded. {@link #holders()} counts every slot not free (live checkers and
 * orphans), as multipath's {@code holders} does.
 *
 * <p><b>Identity.</b> A read's {@code aio_data} is {@code submission << 32 | slot}, where {@code submission}
 * counts the reads submitted on the slot: a completion maps to its slot by index, and one whose count is not
 * the slot's latest (it cannot happen with a kernel that never reports a cancelled read twice, but costs
 * nothing to check) is ignored.
 */
final class AioSlots {
  static final byte FREE = 0;
  static final byte IDLE = 1;
  static final byte IN_FLIGHT = 2;
  static final byte DONE = 3;
  static final byte ORPHAN = 4;

  /** What {@link #record} did with a completion. */
  enum Recorded {
    /** The read of a live checker is done. */
    DONE,
    /** An orphan's read completed: its slot is free again. */
    ORPHAN_FREED,
    /** The completion matched no read in flight and was ignored. */
    UNKNOWN,
    /** The slot's read was done already: a second completion, ignored. */
    DUPLICATE
  }

  private final int size;
  private final byte[] status;
  private final int[] submissions;
  private final long[] result;
  /** Per slot, the deadline of the read last submitted on it. */
  private final long[] deadline;
  private final DirectioChecker[] owners;
  private final int[] freeSlots;
  private int freeCount;
  private int holders;
  private int orphans;
  private int inFlight;

  AioSlots(int size) {
    this.size = size;
    this.status = new byte[size];
    this.submissions = new int[size];
    this.result = new long[size];
    this.deadline = new long[size];
    this.owners = new DirectioChecker[size];
    this.freeSlots = new int[size];
    // Hand out low slots first, so a group's touched native pages stay few when it is not full.
    for (int i = 0; i < size; i++) {
      freeSlots[i] = size - 1 - i;
    }
    this.freeCount = size;
  }

  int size() {
    return size;
  }

  byte status(int slot) {
    return status[slot];
  }

  int holders() {
    return holders;
  }

  int orphans() {
    return orphans;
  }

  int inFlight() {
    return inFlight;
  }

  /** Returns the reads in flight of live checkers: those a host's wait waits for. */
  int liveInFlight() {
    return inFlight - orphans;
  }

  /** Takes a free slot, now idle, or returns -1 when every slot is held. */
  int acquire() {
    if (freeCount == 0) {
      return -1;
    }
    int slot = freeSlots[--freeCount];
    status[slot] = IDLE;
    holders++;
    return slot;
  }

  void bind(int slot, DirectioChecker owner) {
    owners[slot] = owner;
  }

  /** Marks an idle slot in flight, due by {@code readDeadline}; returns the read's {@code aio_data}. */
  long startRead(int slot, long readDeadline) {
    int submission = ++submissions[slot];
    status[slot] = IN_FLIGHT;
    deadline[slot] = readDeadline;
    inFlight++;
    return ((long) submission << 32) | slot;
  }

  /** Undoes {@link #startRead} for a read the kernel refused: idle again, or free if its checker left. */
  void readRefused(int slot) {
    if (status[slot] == IN_FLIGHT) {
      status[slot] = IDLE;
      inFlight--;
    } else if (status[slot] == ORPHAN) {
      inFlight--;
      orphans--;
      free(slot);
    }
  }

  /** Records the completion of the read {@code data} with result {@code res}. */
  Recorded record(long data, long res) {
    int slot = (int) data;
    int submission = (int) (data >>> 32);
    if (slot < 0 || slot >= size || submissions[slot] != submission) {
      return Recorded.UNKNOWN;
    }
    if (status[slot] == IN_FLIGHT) {
      status[slot] = DONE;
      result[slot] = res;
      inFlight--;
      return Recorded.DONE;
    }
    if (status[slot] == ORPHAN) {
      inFlight--;
      orphans--;
      free(slot);
      return Recorded.ORPHAN_FREED;
    }
    return Recorded.DUPLICATE;
  }

  /** Returns a done read's result and makes its slot idle. */
  long collect(int slot) {
    status[slot] = IDLE;
    return result[slot];
  }

  /** Returns whether the read in flight on {@code slot} was due by {@code now}. */
  boolean isPastDeadline(int slot, long now) {
    return now - deadline[slot] >= 0;
  }

  /** Makes a slot whose read the kernel cancelled idle. */
  void cancelled(int slot) {
    status[slot] = IDLE;
    inFlight--;
  }

  /**
   * Gives back the slot of a checker being freed: free, unless its read is still in flight ({@code
   * cancelled} false), which makes it an orphan that keeps {@code owner} for reports.
   *
   * @return true when every slot is now an orphan
   */
  boolean release(int slot, DirectioChecker owner, boolean cancelled) {
    switch (status[slot]) {
      case IN_FLIGHT:
        if (cancelled) {
          inFlight--;
          free(slot);
        } else {
          status[slot] = ORPHAN;
          owners[slot] = owner;
          orphans++;
        }
        break;
      case IDLE:
      case DONE:
        free(slot);
        break;
      default:
        break;
    }
    return orphans == size;
  }

  void free(int slot) {
    status[slot] = FREE;
    owners[slot] = null;
    freeSlots[freeCount++] = slot;
    holders--;
  }

  /** Forgets every read in flight: the context was destroyed, so none will complete. */
  void forgetInFlight() {
    inFlight = 0;
  }

  List<DirectioChecker> liveCheckers() {
    List<DirectioChecker> live = new ArrayList<>();
    for (int slot = 0; slot < size; slot++) {
      byte s = status[slot];
      if (s != FREE && s != ORPHAN && owners[slot] != null) {
        live.add(owners[slot]);
      }
    }
    return live;
  }

  /** Returns the latest deadline of the reads in flight, orphans' included, or {@link Long#MIN_VALUE}. */
  long latestReadDeadline() {
    long latest = Long.MIN_VALUE;
    for (int slot = 0; slot < size; slot++) {
      if (status[slot] == IN_FLIGHT || status[slot] == ORPHAN) {
        if (latest == Long.MIN_VALUE || deadline[slot] - latest > 0) {
          latest = deadline[slot];
        }
      }
    }
    return latest;
  }

  /** Returns whether no live checker holds a slot: every slot is free or an orphan. */
  boolean hasNoLiveChecker() {
    return holders == orphans;
  }

  /** Says which reads are in flight, orphans included, naming the paths of the first five. */
  String describeInFlight() {
    List<String> paths = new ArrayList<>();
    for (int slot = 0; slot < size && paths.size() < 5; slot++) {
      if ((status[slot] == IN_FLIGHT || status[slot] == ORPHAN) && owners[slot] != null) {
        paths.add(owners[slot].path().toString());
      }
    }
    return inFlight
        + (inFlight == 1 ? " read" : " reads")
        + " in flight"
        + (paths.isEmpty() ? "" : " on " + String.join(", ", paths))
        + (!paths.isEmpty() && inFlight > paths.size() ? ", ..." : "");
  }
}
