package io.github.pathcheck.directio;

import io.github.pathcheck.nativeio.Errno;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An aio group: one kernel aio context shared by up to {@code size} checkers, each holding one slot (a block
 * buffer and an iocb in the context's native memory).
 *
 * <p>Its slots and their reads are an {@link AioSlots}, guarded by the group's lock.
 *
 * <p><b>Reaping: leader and followers.</b> At most one thread at a time calls {@code io_getevents} on the
 * context: the reaper. It records every completion it reads into its slot, whoever's it is, and wakes the
 * threads waiting on the group. A synchronous check whose read is in flight becomes the reaper if there is
 * none, otherwise it waits on the group's condition until its deadline; when the reaper leaves, the waiters
 * re-check their slots and one of them takes over. No completion is lost and no waiter sleeps past its own: a
 * reaper asks {@code io_getevents} for one completion (min_nr 1), except the host's shared wait, {@link
 * #awaitAnswers}, which asks for as many as it waits for. A non-blocking poll ({@code pending()}) reaps with
 * a zero timeout only when there is no reaper, and otherwise answers from what the reaper recorded. Only the
 * reaper reads events, so one events buffer per group suffices.
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

  private final int id;
  private final AioContext context;
  private final LongSupplier clock;
  private final AtomicLong orphansReaped;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  // All guarded by lock.
  private final AioSlots slots;
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
    this.context = context;
    this.clock = clock;
    this.orphansReaped = orphansReaped;
    this.slots = new AioSlots(size);
  }

  int id() {
    return id;
  }

  /** Takes a free slot, or returns -1 when every slot is held or the group is dead. */
  int acquireSlot() {
    lock.lock();
    try {
      return dead ? -1 : slots.acquire();
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
        if (slots.status(slot) == AioSlots.IDLE) {
          slots.free(slot);
        }
        return false;
      }
      slots.bind(slot, owner);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Returns whether slot {@code slot}'s read is in flight. */
  boolean isInFlight(int slot) {
    lock.lock();
    try {
      return slots.status(slot) == AioSlots.IN_FLIGHT;
    } finally {
      lock.unlock();
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
      switch (slots.status(slot)) {
        case AioSlots.IN_FLIGHT:
          return BUSY_IN_FLIGHT;
        case AioSlots.DONE:
          return BUSY_DONE;
        case AioSlots.IDLE:
          break;
        default:
          throw new IllegalStateException("slot " + slot + " of aio group " + id + " is not held");
      }
      data = slots.startRead(slot, readDeadline);
      callsInProgress++;
    } finally {
      lock.unlock();
    }
    int submitted = context.submitRead(slot, data, fd, length);
    lock.lock();
    try {
      leaveCall();
      if (submitted != 1) {
        // If unload freed the checker meanwhile, with nothing in flight the slot is free at once.
        slots.readRefused(slot);
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
      if (slots.status(slot) != AioSlots.DONE) {
        throw new IllegalStateException("slot " + slot + " of aio group " + id + " has no completed read");
      }
      return slots.collect(slot);
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
      while (slots.status(slot) == AioSlots.IN_FLIGHT) {
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
        if (reaped <= 0 && slots.status(slot) == AioSlots.IN_FLIGHT) {
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
      if (slots.status(slot) == AioSlots.IN_FLIGHT && !reaping && !dead) {
        int reaped;
        do {
          reaped = reap(1, 0);
        } while (reaped == -Errno.EINTR);
      }
      switch (slots.status(slot)) {
        case AioSlots.DONE:
          return slots.collect(slot);
        case AioSlots.IN_FLIGHT:
          return slots.isPastDeadline(slot, clock.getAsLong()) ? PAST_DEADLINE : STILL_IN_FLIGHT;
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
      while (slots.liveInFlight() > 0 && !dead) {
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
        int reaped = reap(Math.min(slots.liveInFlight(), EVENTS_PER_CALL), remaining);
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
      switch (slots.record(data, context.eventResult(i))) {
        case ORPHAN_FREED:
          orphansReaped.incrementAndGet();
          break;
        case UNKNOWN:
          logger.warn("aio group {}: ignoring a completion with unknown aio_data {}", id, data);
          break;
        case DUPLICATE:
          logger.warn("aio group {}: ignoring a second completion for slot {}", id, (int) data);
          break;
        default:
          break;
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
      if (slots.status(slot) != AioSlots.IN_FLIGHT || dead) {
        return false;
      }
      if (context.cancel(slot) == 0) {
        slots.cancelled(slot);
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
      boolean cancelled =
          slots.status(slot) == AioSlots.IN_FLIGHT && !dead && context.cancel(slot) == 0;
      return slots.release(slot, owner, cancelled);
    } finally {
      lock.unlock();
    }
  }

  private void leaveCall() {
    callsInProgress--;
    if (dead && callsInProgress == 0) {
      changed.signalAll();
    }
  }

  /**
   * Returns what {@code query} reads of the group's slots, in one hold of the group's lock: a consistent view,
   * for the pool's decisions and reports.
   */
  <T> T inspect(Function<AioSlots, T> query) {
    lock.lock();
    try {
      return query.apply(slots);
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
      slots.forgetInFlight();
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

  /** Describes what a destroy of this group waits for, for an unload's report. */
  String describeInFlight() {
    return inspect(slots -> "aio group " + id + ": io_destroy waits for " + slots.describeInFlight());
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
    return inspect(
        slots ->
            new DirectioSnapshot.Group(id, slots.size(), slots.holders(), slots.orphans(), slots.inFlight()));
  }
}
