package io.github.pathcheck.directio;

import io.github.pathcheck.api.CheckerInitException;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.UnloadResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aio groups of one directio checker class: which group a new checker joins, and when groups are
 * destroyed.
 *
 * <p><b>Joining.</b> A checker joins the oldest group with a free slot, or creates a group ({@code
 * io_setup(groupSize)}) when every group is full; so {@code n} live checkers never need more than {@code
 * ceil(n / groupSize)} groups.
 *
 * <p><b>Where {@code io_destroy} happens.</b> Only in three places, since each call waits for an RCU grace
 * period (tens of milliseconds, more on machines with many CPUs): {@link #destroyUnused()} (groups no live
 * checker uses), {@link #close()} (every group), and the {@linkplain #release free} that leaves a group holding
 * nothing but orphans. A free otherwise never destroys anything. Each group has a {@link GroupDestroyer}, a
 * thread started with the group that waits to tear it down; reset and close wake the threads of all their
 * groups at once, so that the groups' {@code io_destroy} calls begin together and share one grace period.
 *
 * <p><b>Bounded waits.</b> {@code io_destroy} also waits for the reads still in flight, forever on a hung
 * device. Reset and close therefore wait for a group with reads in flight only until the latest deadline of
 * those reads, or {@code destroyAllowanceNanos} from now if that is later (the allowance covers the grace
 * period of a group whose reads have completed but were not reaped). Groups with no read in flight are waited
 * for without bound: their {@code io_destroy} only waits for a grace period. A group still being destroyed
 * afterwards is reported, and released by its thread when the kernel lets go.
 *
 * <p><b>Threading.</b> Thread-safe. Lock order: this pool's lock, then a group's lock; checks take only their
 * group's lock, so they never wait for an init, free or reset of another group.
 */
final class AioGroupPool {
  /** Makes the checker that holds a slot just taken. */
  interface CheckerFactory {
    DirectioChecker create(AioGroup group, int slot);
  }

  private static final Logger logger = LoggerFactory.getLogger(AioGroupPool.class);

  private final AioKernel kernel;
  private final LongSupplier clock;
  private final int groupSize;
  private final long destroyAllowanceNanos;
  private final ThreadFactory destroyThreads;
  private final DirectioCounters counters;

  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock.
  private final List<AioGroup> groups = new ArrayList<>();
  /** Every group not yet torn down, live or dead, and its destroy thread; a group leaves it when torn down. */
  private final Map<AioGroup, GroupDestroyer> destroyers = new LinkedHashMap<>();
  private int nextGroupId = 1;
  private volatile boolean closed;

  /**
   * @param kernel the system calls
   * @param clock monotonic nanoseconds, for deadlines
   * @param groupSize the number of slots per group
   * @param destroyAllowanceNanos how long reset and close wait at least for a group with reads in flight
   * @param destroyThreads makes the groups' destroy threads
   * @param counters the class's counters, which the pool and its groups update
   */
  AioGroupPool(
      AioKernel kernel,
      LongSupplier clock,
      int groupSize,
      long destroyAllowanceNanos,
      ThreadFactory destroyThreads,
      DirectioCounters counters) {
    this.kernel = kernel;
    this.clock = clock;
    this.groupSize = groupSize;
    this.destroyAllowanceNanos = destroyAllowanceNanos;
    this.destroyThreads = destroyThreads;
    this.counters = counters;
  }

  int groupSize() {
    return groupSize;
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * Takes a slot for {@code device}'s checker, in the oldest group with one free or in a new group, and binds
   * the checker {@code factory} makes to it.
   *
   * @throws CheckerInitException if a new group is needed and cannot be created; the message names the path
   *     and the fix
   * @throws IllegalStateException if the pool is closed
   */
  DirectioChecker join(PathDevice device, CheckerFactory factory) throws CheckerInitException {
    AioGroup group = null;
    int slot = -1;
    lock.lock();
    try {
      ensureOpen();
      for (AioGroup candidate : groups) {
        slot = candidate.acquireSlot();
        if (slot >= 0) {
          group = candidate;
          break;
        }
      }
      if (group == null) {
        group = createGroup(device);
        groups.add(group);
        slot = group.acquireSlot();
      }
    } finally {
      lock.unlock();
    }
    DirectioChecker checker = factory.create(group, slot);
    if (!group.bind(slot, checker)) {
      throw closedException();
    }
    return checker;
  }

  private AioGroup createGroup(PathDevice device) throws CheckerInitException {
    counters.ioSetupCalls.incrementAndGet();
    AioContext context;
    try {
      context = kernel.setup(groupSize);
    } catch (AioSetupException e) {
      throw new CheckerInitException(IoSetupFailures.describe(device, groupSize, e.errno(), kernel), e);
    }
    AioGroup group = new AioGroup(nextGroupId++, groupSize, context, clock, counters.orphansReaped);
    GroupDestroyer destroyer =
        new GroupDestroyer("directio-aio-group-" + group.id(), destroyThreads, () -> tearDown(group));
    try {
      destroyer.start();
    } catch (OutOfMemoryError e) {
      // The JVM could not start a thread. Rare, and nothing is in flight yet: destroy the context here.
      group.markDead();
      counters.ioDestroyCalls.incrementAndGet();
      group.destroy();
      throw new CheckerInitException(
          device.path()
              + ": directio cannot start the thread of a new aio group ("
              + e.getMessage()
              + "); raise the limits on threads (ulimit -u, kernel.threads-max) or the class option"
              + " groupSize",
          e);
    }
    destroyers.put(group, destroyer);
    logger.debug("directio: created aio group {} of {} slots", group.id(), groupSize);
    return group;
  }

  /** Runs on {@code group}'s destroy thread: {@code io_destroy}, the native memory, out of the pool. */
  private void tearDown(AioGroup group) {
    try {
      group.destroy();
    } finally {
      lock.lock();
      try {
        destroyers.remove(group);
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Frees {@code checker}'s slot (its flags are restored already): see {@link AioGroup#release}. A group
   * left holding nothing but orphans is destroyed by this free, which returns once it is: the only {@code
   * io_destroy} in a free; it waits for the orphans' reads and a grace period.
   */
  void release(DirectioChecker checker) {
    AioGroup group = checker.group();
    GroupDestroyer destroyer = null;
    lock.lock();
    try {
      boolean fullOfOrphans = group.release(checker.slot(), checker);
      if (fullOfOrphans && groups.remove(group)) {
        group.markDead();
        logger.debug("directio: aio group {} holds only orphans; destroying it", group.id());
        counters.ioDestroyCallsDuringFree.incrementAndGet();
        destroyer = startDestroys(List.of(group)).get(0);
      }
    } finally {
      lock.unlock();
    }
    if (destroyer != null) {
      destroyer.awaitThreadEnd();
    }
  }

  /**
   * Destroys, in parallel, the groups no live checker holds a slot in, and waits for them as the class comment
   * says.
   *
   * @return one line per group still being destroyed, because reads are in flight past their deadline
   * @throws IllegalStateException if the pool is closed
   */
  List<String> destroyUnused() {
    List<AioGroup> unused = new ArrayList<>();
    lock.lock();
    try {
      ensureOpen();
      for (AioGroup group : new ArrayList<>(groups)) {
        if (group.inspect(AioSlots::hasNoLiveChecker)) {
          groups.remove(group);
          group.markDead();
          unused.add(group);
        }
      }
    } finally {
      lock.unlock();
    }
    return destroyAndWait(unused);
  }

  /**
   * Closes the pool: frees its live checkers (their reads in flight become orphans), destroys every group in
   * parallel and waits for them as the class comment says. Call it once.
   *
   * @return complete, or deferred naming the groups still being destroyed (also those an earlier reset or
   *     free left), released when the last of them is torn down
   */
  UnloadResult close() {
    List<AioGroup> all;
    lock.lock();
    try {
      closed = true;
      all = new ArrayList<>(groups);
      groups.clear();
      for (AioGroup group : all) {
        for (DirectioChecker checker : group.inspect(AioSlots::liveCheckers)) {
          checker.freeForUnload();
        }
        group.markDead();
      }
    } finally {
      lock.unlock();
    }
    List<String> outstanding = new ArrayList<>(destroyAndWait(all));
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    lock.lock();
    try {
      // Every group left here is dead, destroyed by this close or by a reset or free that took it earlier.
      for (Map.Entry<AioGroup, GroupDestroyer> entry : destroyers.entrySet()) {
        CompletableFuture<Void> destroyed = entry.getValue().whenDestroyed();
        if (!destroyed.isDone()) {
          pending.add(destroyed);
          if (!all.contains(entry.getKey())) {
            outstanding.add(entry.getKey().describeInFlight() + " (left by an earlier reset or free)");
          }
        }
      }
    } finally {
      lock.unlock();
    }
    if (outstanding.isEmpty()) {
      return UnloadResult.complete();
    }
    logger.warn("directio unload: still outstanding: {}", outstanding);
    return UnloadResult.deferred(
        outstanding, CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])));
  }

  /**
   * Destroys dead groups in parallel, each on its own thread, and waits for them as the class comment says.
   * Every thread is woken first, in one lock hold and before any bookkeeping, so that the {@code io_destroy}
   * calls begin as close together as the machine allows (calls that straddle the start of a grace period
   * wait for the next one). A group counts as destroyed when its thread has ended (its last action), so a
   * caller told "released" finds no thread left.
   *
   * @return one line per group still being destroyed
   */
  private List<String> destroyAndWait(List<AioGroup> dead) {
    if (dead.isEmpty()) {
      return List.of();
    }
    List<GroupDestroyer> woken = startDestroys(dead);
    long waitUntil = clock.getAsLong() + destroyAllowanceNanos;
    boolean[] hasReads = new boolean[dead.size()];
    for (int i = 0; i < dead.size(); i++) {
      long latest = dead.get(i).inspect(AioSlots::latestReadDeadline);
      hasReads[i] = latest != Long.MIN_VALUE;
      if (hasReads[i] && latest - waitUntil > 0) {
        waitUntil = latest;
      }
    }
    for (int i = 0; i < dead.size(); i++) {
      if (!hasReads[i]) {
        woken.get(i).awaitThreadEnd();
      }
    }
    List<String> outstanding = new ArrayList<>();
    for (int i = 0; i < dead.size(); i++) {
      if (hasReads[i] && !woken.get(i).awaitThreadEnd(waitUntil, clock)) {
        outstanding.add(dead.get(i).describeInFlight());
      }
    }
    return outstanding;
  }

  /**
   * Wakes the destroy threads of {@code dead}, groups the caller took out of {@code groups} and marked dead.
   *
   * @return per group, its destroyer, whose thread ends once the group is torn down and out of the pool
   */
  private List<GroupDestroyer> startDestroys(List<AioGroup> dead) {
    List<GroupDestroyer> woken = new ArrayList<>(dead.size());
    lock.lock();
    try {
      for (AioGroup group : dead) {
        GroupDestroyer destroyer = destroyers.get(group);
        destroyer.destroy();
        woken.add(destroyer);
      }
    } finally {
      lock.unlock();
    }
    counters.ioDestroyCalls.addAndGet(dead.size());
    return woken;
  }

  /** Waits for the answers of each live group in turn, within one deadline: see {@link AioGroup#awaitAnswers}. */
  void awaitAnswers(long deadline) throws InterruptedException {
    List<AioGroup> live;
    lock.lock();
    try {
      live = new ArrayList<>(groups);
    } finally {
      lock.unlock();
    }
    for (AioGroup group : live) {
      group.awaitAnswers(deadline);
    }
  }

  /** Returns a view of the pool and the class's counters now. */
  DirectioSnapshot snapshot() {
    List<DirectioSnapshot.Group> views = new ArrayList<>();
    int beingDestroyed;
    lock.lock();
    try {
      for (AioGroup group : groups) {
        views.add(group.snapshot());
      }
      beingDestroyed = destroyers.size() - groups.size();
    } finally {
      lock.unlock();
    }
    return new DirectioSnapshot(
        views,
        beingDestroyed,
        counters.ioSetupCalls.get(),
        counters.ioDestroyCalls.get(),
        counters.ioDestroyCallsDuringFree.get(),
        counters.orphansReaped.get());
  }

  private void ensureOpen() {
    if (closed) {
      throw closedException();
    }
  }

  static IllegalStateException closedException() {
    return new IllegalStateException(
        "the directio checker class was unloaded; load it again to init checkers");
  }
}
