package io.github.pathcheck.directio;

import io.github.pathcheck.nativeio.Errno;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An aio group: one kernel aio context shared by up to {@code size} checkers, each holding one slot (a block
 * buffer and an iocb in the context's native memory).
 *
 * <p><b>Slots.</b> A slot is free, held by a live checker with no read in flight ({@code IDLE}), in flight,
 * done (completed, result not yet collected by its checker), or an orphan: its checker was freed while the
 * read was in flight, so the kernel may still write into its buffer. An orphan's slot returns to the free list
 * only when its completion is reaped. {@code holders} counts every slot not free (live checkers and orphans),
 * as multipath's {@code holders} does.
 *
 * <p><b>Identity.</b> A read's {@code aio_data} is {@code generation << 32 | slot}: reaping maps a completion
 * to its slot by index, and a completion whose generation is not the slot's current one (it cannot happen
 * with a kernel that never reports a cancelled read twice, but costs nothing to check) is ignored.
 *
 * <p><b>Reaping: leader and followers.</b> At most one thread at a time calls {@code io_getevents} on the
 * context: the reaper. It records every completion it reads into its slot, whichever checker it belongs to,
 * and wakes the threads waiting on the group. A synchronous check whose read is in flight becomes the reaper
 * if there is none, otherwise it waits on the group's condition until its own deadline; when the reaper
 * leaves (its read completed or its wait ended), the waiters re-check their slots and one of them becomes the
 * reaper. No completion is lost and no waiter sleeps past a completion that was read for it: a reaper blocked
 * in {@code io_getevents} returns as soon as any completion arrives (min_nr 1), records it, and signals. (The host's
 * shared wait, {@link #awaitAnswers}, is the one reaper that asks for more: as many as it waits for.) A
 * non-blocking poll ({@code pending()}) reaps with a zero timeout only when there is no reaper; while there
 * is one, the reaper records completions on everyone's behalf, and the poll answers from the recorded state.
 * Because only the reaper reads events, one events buffer per group suffices.
 *
 * <p><b>Teardown.</b> A group {@linkplain #markDead() marked dead} starts no more system calls; {@link
 * #destroy()} calls {@code io_destroy} (which waits for the reads in flight and wakes a blocked reaper), waits
 * until no thread is still inside a call on the context, and only then frees the native memory.
 *
 * <p><b>Threading.</b> Every method takes the group's lock itself; system calls that may block
 * ({@code io_submit}, {@code io_getevents}, {@code io_destroy}) run without it.
 */
final class AioGroup {
  /** At most this many completions are read per {@code io_getevents} call (multipath's batch size). */
  static final int EVENTS_PER_CALL = 128;

  private static final Logger logger = LoggerFactory.getLogger(AioGroup.class);

  private static final byte FREE = 0;
  private static final byte IDLE = 1;
  private static final byte IN_FLIGHT = 2;
  private static final byte DONE = 3;
  private static final byte ORPHAN = 4;

  /** {@link #submit}'s answer when the slot's read is still in flight: nothing was submitted. */
  static final int BUSY_IN_FLIGHT = Integer.MIN_VALUE;

  /** {@link #submit}'s answer when the slot's read completed and was not collected: nothing was submitted. */
  static final int BUSY_DONE = Integer.MIN_VALUE + 1;

  /** {@link #poll}'s answer when the slot holds no read: none in flight, none to collect. */
  static final long NO_READ = Long.MIN_VALUE;

  /** {@link #poll}'s answer when the slot's read is still in flight, before its deadline. */
  static final long STILL_IN_FLIGHT = Long.MIN_VALUE + 1;

  /** {@link #poll}'s answer when the slot's read is still in flight and its deadline has passed. */
  static final long PAST_DEADLINE = Long.MIN_VALUE + 2;

  /** A slot's read, as its checker sees it. */
  enum ReadStatus {
    /** No read in flight, none to collect. */
    NONE,
    /** A read is in flight. */
    IN_FLIGHT,
    /** The read completed; its result is waiting to be collected. */
    DONE
  }

  private final int id;
  private final int size;
  private final AioContext context;
  private final LongSupplier clock;
  private final AtomicLong orphansReaped;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  // All guarded by lock.
  private final byte[] status;
  private final int[] generation;
  private final long[] result;
  /** Per slot, the deadline of the read last submitted on it. */
  private final long[] deadline;
  private final DirectioChecker[] owners;
  private final int[] freeSlots;
  private int freeCount;
  private int holders;
  private int orphans;
  private int inFlight;
  private boolean reaping;
  private int callsInProgress;
  private boolean dead;

  /**
   * @param id a number that names the group in snapshots and messages
   * @param size the number of slots, as given to {@code io_setup}
   * @param context the group's context; the group owns it from now on
   * @param clock monotonic nanoseconds
   * @param orphansReaped the class's counter of orphans reaped
   */
  AioGroup(int id, int size, AioContext context, LongSupplier clock, AtomicLong orphansReaped) {
    this.id = id;
    this.size = size;
    this.context = context;
    this.clock = clock;
    this.orphansReaped = orphansReaped;
    this.status = new byte[size];
    this.generation = new int[size];
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

  int id() {
    return id;
  }

  /** Takes a free slot, or returns -1 when every slot is held or the group is dead. */
  int acquireSlot() {
    lock.lock();
    try {
      if (dead || freeCount == 0) {
        return -1;
      }
      int slot = freeSlots[--freeCount];
      status[slot] = IDLE;
      holders++;
      return slot;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Records the checker that holds {@code slot}, so unload can free it. Returns false, and frees the slot,
   * when the group died since {@link #acquireSlot()} (the class was unloaded meanwhile).
   */
  boolean bind(int slot, DirectioChecker owner) {
    lock.lock();
    try {
      if (dead) {
        if (status[slot] == IDLE) {
          freeSlot(slot);
        }
        return false;
      }
      owners[slot] = owner;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Gives back a slot that holds no read, from an init that failed after {@link #acquireSlot()}. */
  void abandonSlot(int slot) {
    lock.lock();
    try {
      if (status[slot] == IDLE) {
        freeSlot(slot);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Returns where slot {@code slot}'s read is. */
  ReadStatus readStatus(int slot) {
    lock.lock();
    try {
      return readStatusLocked(slot);
    } finally {
      lock.unlock();
    }
  }

  private ReadStatus readStatusLocked(int slot) {
    switch (status[slot]) {
      case IN_FLIGHT:
        return ReadStatus.IN_FLIGHT;
      case DONE:
        return ReadStatus.DONE;
      default:
        return ReadStatus.NONE;
    }
  }

  /**
   * Submits a read of {@code length} bytes at offset 0 of {@code fd} into slot {@code slot}, due by {@code
   * readDeadline}, unless the group is dead or the slot already holds a read (one is never submitted twice).
   * The slot is marked in flight before the call, so a completion reaped by another thread at once is
   * recorded; if the submit fails, the slot is idle again. Checking the slot and submitting take one lock
   * hold before the call and one after.
   *
   * @return 1 when submitted; a negative errno when the submit failed ({@code -EINVAL} for a dead group);
   *     {@link #BUSY_IN_FLIGHT} or {@link #BUSY_DONE} when the slot's read is in flight or done, and nothing
   *     was submitted
   * @throws IllegalStateException if no live checker holds the slot
   */
  int submit(int slot, int fd, int length, long readDeadline) {
    long data;
    lock.lock();
    try {
      if (dead) {
        return -Errno.EINVAL;
      }
      switch (status[slot]) {
        case IN_FLIGHT:
          return BUSY_IN_FLIGHT;
        case DONE:
          return BUSY_DONE;
        case IDLE:
          break;
        default:
          throw new IllegalStateException("slot " + slot + " of aio group " + id + " is not held");
      }
      int gen = ++generation[slot];
      data = ((long) gen << 32) | slot;
      status[slot] = IN_FLIGHT;
      deadline[slot] = readDeadline;
      inFlight++;
      callsInProgress++;
    } finally {
      lock.unlock();
    }
    int submitted = context.submitRead(slot, data, fd, length);
    lock.lock();
    try {
      leaveCall();
      if (submitted != 1) {
        if (status[slot] == IN_FLIGHT) {
          status[slot] = IDLE;
          inFlight--;
        } else if (status[slot] == ORPHAN) {
          // Unload freed the checker meanwhile: with nothing in flight, the slot is free at once.
          inFlight--;
          orphans--;
          freeSlot(slot);
        }
      }
      return submitted;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Collects the result of slot {@code slot}'s completed read and makes the slot idle.
   *
   * @return the number of bytes read, or a negative errno
   * @throws IllegalStateException if the read is not done
   */
  long collect(int slot) {
    lock.lock();
    try {
      if (status[slot] != DONE) {
        throw new IllegalStateException("slot " + slot + " of aio group " + id + " has no completed read");
      }
      status[slot] = IDLE;
      return result[slot];
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until slot {@code slot}'s read is no longer in flight or the clock reaches {@code deadline},
   * reaping completions for the whole group meanwhile (see the class comment).
   *
   * @return true when the read is no longer in flight, false when the deadline passed, the wait timed out,
   *     or {@code io_getevents} failed (other than with EINTR, which is retried with the remaining time)
   */
  boolean awaitCompletion(int slot, long deadline) {
    boolean interrupted = false;
    lock.lock();
    try {
      while (status[slot] == IN_FLIGHT) {
        long remaining = deadline - clock.getAsLong();
        if (remaining <= 0 || dead) {
          return false;
        }
        if (reaping) {
          try {
            changed.awaitNanos(remaining);
          } catch (InterruptedException e) {
            interrupted = true;
          }
          continue;
        }
        int reaped = reap(1, remaining);
        if (reaped == -Errno.EINTR) {
          continue;
        }
        if (reaped <= 0 && status[slot] == IN_FLIGHT) {
          // 0: io_getevents waited out the remaining time. An error: multipath gives up too.
          return false;
        }
      }
      return true;
    } finally {
      lock.unlock();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Reaps what has completed, without waiting, unless another thread is reaping (it records completions for
   * everyone); then, if slot {@code slot}'s read is done, collects its result and makes the slot idle. One
   * lock hold: the non-blocking poll of {@code pending()}.
   *
   * @return the read's result (the number of bytes read, or a negative errno); for a read still in flight,
   *     {@link #STILL_IN_FLIGHT} or, once the clock has reached the deadline it was submitted with, {@link
   *     #PAST_DEADLINE}; {@link #NO_READ} when the slot has no read in flight or to collect
   */
  long poll(int slot) {
    lock.lock();
    try {
      if (status[slot] == IN_FLIGHT && !reaping && !dead) {
        int reaped;
        do {
          reaped = reap(1, 0);
        } while (reaped == -Errno.EINTR);
      }
      switch (status[slot]) {
        case DONE:
          status[slot] = IDLE;
          return result[slot];
        case IN_FLIGHT:
          return clock.getAsLong() - deadline[slot] >= 0 ? PAST_DEADLINE : STILL_IN_FLIGHT;
        default:
          return NO_READ;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until no read of a live checker of the group is in flight, or until the clock reaches {@code
   * deadline}, reaping for the whole group meanwhile: the host's shared wait ({@link
   * DirectioCheckerClass#awaitAnswers}). Orphans are not waited for, but reaped when they complete.
   *
   * <p>As reaper it asks {@code io_getevents} for as many completions as there are such reads (at most a
   * batch), as the C floor does, rather than waking for each one; a synchronous check of the group waiting
   * meanwhile is therefore answered when that call returns, at the latest at {@code deadline}.
   *
   * @throws InterruptedException if the thread is interrupted; a call already in {@code io_getevents} finishes
   *     first (it cannot be interrupted), so the exception comes at the latest at {@code deadline}
   */
  void awaitAnswers(long deadline) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (inFlight - orphans > 0 && !dead) {
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        long remaining = deadline - clock.getAsLong();
        if (remaining <= 0) {
          return;
        }
        if (reaping) {
          changed.awaitNanos(remaining);
          continue;
        }
        int reaped = reap(Math.min(inFlight - orphans, EVENTS_PER_CALL), remaining);
        if (reaped <= 0 && reaped != -Errno.EINTR) {
          return; // 0: the time is up. An error: the checkers' own polls report it.
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Becomes the reaper and reads completions: a first call that waits up to {@code timeoutNanos} for {@code
   * minEvents} of them, then calls with a zero timeout for as long as full batches of {@link
   * #EVENTS_PER_CALL} come back. Called with the lock held and no reaper; returns with the lock held, having
   * woken every waiter.
   *
   * @return the number of completions of the last call, or its negative errno
   */
  private int reap(int minEvents, long timeoutNanos) {
    reaping = true;
    callsInProgress++;
    try {
      int min = minEvents;
      long timeout = timeoutNanos;
      while (true) {
        int reaped;
        lock.unlock();
        try {
          reaped = context.getEvents(min, EVENTS_PER_CALL, timeout);
        } finally {
          lock.lock();
        }
        if (reaped < 0) {
          if (reaped != -Errno.EINTR && !dead) {
            logger.warn("io_getevents on aio group {} failed: {}", id, Errno.name(-reaped));
          }
          return reaped;
        }
        record(reaped);
        if (reaped < EVENTS_PER_CALL || dead) {
          return reaped;
        }
        min = 1;
        timeout = 0;
      }
    } finally {
      reaping = false;
      leaveCall();
      changed.signalAll();
    }
  }

  /** Records {@code count} completions the reaper just read. Called with the lock held. */
  private void record(int count) {
    for (int i = 0; i < count; i++) {
      long data = context.eventData(i);
      long res = context.eventResult(i);
      int slot = (int) data;
      int gen = (int) (data >>> 32);
      if (slot < 0 || slot >= size || generation[slot] != gen) {
        logger.warn("aio group {}: ignoring a completion with unknown aio_data {}", id, data);
        continue;
      }
      if (status[slot] == IN_FLIGHT) {
        status[slot] = DONE;
        result[slot] = res;
        inFlight--;
      } else if (status[slot] == ORPHAN) {
        inFlight--;
        orphans--;
        freeSlot(slot);
        orphansReaped.incrementAndGet();
      } else {
        logger.warn("aio group {}: ignoring a second completion for slot {}", id, slot);
      }
    }
  }

  /**
   * Tries to cancel slot {@code slot}'s read in flight ({@code io_cancel}); on success the slot is idle.
   *
   * @return true when the kernel cancelled the read (it never does for reads in practice)
   */
  boolean tryCancel(int slot) {
    lock.lock();
    try {
      if (status[slot] != IN_FLIGHT || dead) {
        return false;
      }
      if (context.cancel(slot) == 0) {
        status[slot] = IDLE;
        inFlight--;
        return true;
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Gives slot {@code slot} back for a checker being freed. A read in flight is cancelled if the kernel lets
   * it; otherwise the slot becomes an orphan, reaped later by any reaper of the group, or freed with it.
   *
   * @param owner the checker, which stays referenced while it is an orphan (for reports of what is in flight)
   * @return true when every slot of the group is now an orphan: no live checker can reap them any more
   */
  boolean release(int slot, DirectioChecker owner) {
    lock.lock();
    try {
      switch (status[slot]) {
        case IN_FLIGHT:
          if (!dead && context.cancel(slot) == 0) {
            inFlight--;
            freeSlot(slot);
          } else {
            status[slot] = ORPHAN;
            owners[slot] = owner;
            orphans++;
          }
          break;
        case IDLE:
        case DONE:
          freeSlot(slot);
          break;
        default:
          break;
      }
      return orphans == size;
    } finally {
      lock.unlock();
    }
  }

  private void freeSlot(int slot) {
    status[slot] = FREE;
    owners[slot] = null;
    freeSlots[freeCount++] = slot;
    holders--;
  }

  private void leaveCall() {
    callsInProgress--;
    if (dead && callsInProgress == 0) {
      changed.signalAll();
    }
  }

  /** Returns whether no live checker holds a slot: the group is empty or holds only orphans. */
  boolean hasNoLiveChecker() {
    lock.lock();
    try {
      return holders == orphans;
    } finally {
      lock.unlock();
    }
  }

  /** Returns the live checkers of the group. */
  List<DirectioChecker> liveCheckers() {
    lock.lock();
    try {
      List<DirectioChecker> live = new ArrayList<>();
      for (int slot = 0; slot < size; slot++) {
        byte s = status[slot];
        if (s != FREE && s != ORPHAN && owners[slot] != null) {
          live.add(owners[slot]);
        }
      }
      return live;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Marks the group dead: it takes no more checkers and starts no more system calls, and threads waiting on
   * it return. The caller then calls {@link #destroy()}.
   */
  void markDead() {
    lock.lock();
    try {
      dead = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Destroys the context and frees the native memory of a {@linkplain #markDead() dead} group: calls {@code
   * io_destroy} (blocking until every read in flight completed and an RCU grace period passed), waits until
   * no thread is still inside a call on the context, then frees the memory.
   *
   * @return {@code io_destroy}'s result: 0, or a negative errno
   */
  int destroy() {
    int destroyed = context.destroy();
    boolean interrupted = false;
    lock.lock();
    try {
      while (callsInProgress > 0) {
        try {
          changed.await();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      inFlight = 0;
    } finally {
      lock.unlock();
    }
    context.release();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (destroyed < 0) {
      logger.warn("io_destroy of aio group {} failed: {}", id, Errno.name(-destroyed));
    }
    return destroyed;
  }

  /**
   * Returns the latest deadline of the reads in flight (orphans included) as they were submitted, or
   * {@link Long#MIN_VALUE} when no read is in flight.
   */
  long latestReadDeadline() {
    lock.lock();
    try {
      long latest = Long.MIN_VALUE;
      for (int slot = 0; slot < size; slot++) {
        if (status[slot] == IN_FLIGHT || status[slot] == ORPHAN) {
          if (latest == Long.MIN_VALUE || deadline[slot] - latest > 0) {
            latest = deadline[slot];
          }
        }
      }
      return latest;
    } finally {
      lock.unlock();
    }
  }

  /** Describes what a destroy of this group waits for, for an unload's report. */
  String describeInFlight() {
    lock.lock();
    try {
      StringBuilder paths = new StringBuilder();
      int listed = 0;
      for (int slot = 0; slot < size && listed < 5; slot++) {
        if ((status[slot] == IN_FLIGHT || status[slot] == ORPHAN) && owners[slot] != null) {
          paths.append(listed == 0 ? "" : ", ").append(owners[slot].path());
          listed++;
        }
      }
      if (inFlight > listed) {
        paths.append(", ...");
      }
      return "aio group "
          + id
          + ": io_destroy waits for "
          + inFlight
          + (inFlight == 1 ? " read" : " reads")
          + " in flight"
          + (listed > 0 ? " on " + paths : "");
    } finally {
      lock.unlock();
    }
  }

  /** Returns the number of threads waiting for a reaper of this group (for tests). */
  int waitingThreads() {
    lock.lock();
    try {
      return lock.getWaitQueueLength(changed);
    } finally {
      lock.unlock();
    }
  }

  /** Returns a consistent view of the group's counts. */
  DirectioSnapshot.Group snapshot() {
    lock.lock();
    try {
      return new DirectioSnapshot.Group(id, size, holders, orphans, inFlight);
    } finally {
      lock.unlock();
    }
  }
}
