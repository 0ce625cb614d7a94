package io.github.pathcheck.directio;

import io.github.pathcheck.api.CheckerInitException;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.UnloadResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one directio checker class: its registry of aio groups, its counters, and the lifecycle steps
 * that involve more than one checker (init, free, reset, unload).
 *
 * <p><b>Joining.</b> A checker joins the oldest group with a free slot, or creates a group ({@code
 * io_setup(groupSize)}) when every group is full; so {@code n} live checkers never need more than {@code
 * ceil(n / groupSize)} groups.
 *
 * <p><b>Where {@code io_destroy} happens.</b> Only in three places, since each call waits for an RCU grace
 * period (tens of milliseconds, more on machines with many CPUs): {@link #reset()} (groups no live checker
 * uses), {@link #unload()} (every group), and the {@linkplain #release free} that leaves a group holding
 * nothing but orphans. A free otherwise never destroys anything, so freeing thousands of checkers costs no
 * grace period at all. Each group has a {@link GroupDestroyer}, a thread started with the group that waits
 * to tear it down; reset and unload wake the threads of all their groups at once, so that the groups' {@code
 * io_destroy} calls begin together and share one grace period.
 *
 * <p><b>Bounded unload.</b> {@code io_destroy} also waits for the reads still in flight, forever on a hung
 * device. Reset and unload therefore wait for a group with reads in flight only until the latest deadline of
 * those reads, or {@code destroyAllowanceNanos} from now if that is later (the allowance covers the grace
 * period of a group whose reads have completed but were not reaped). Groups with no read in flight are waited
 * for without bound: their {@code io_destroy} only waits for a grace period. A group still being destroyed
 * afterwards is reported by unload ({@link UnloadResult#deferred}) and released by its thread when the kernel
 * lets go; the unload's {@link UnloadResult#released()} stage completes then.
 *
 * <p><b>Memory.</b> Per checker: about 60 bytes of checker object, about 25 bytes of slot bookkeeping in its
 * group, and the slot's native memory (see {@link AioKernel#setup}): a 4096-byte buffer, a 64-byte iocb and
 * an 8-byte iocb pointer. With the default {@code groupSize} of 1024, 10,000 checkers take 10 groups, about
 * 4.3 KiB per checker in all, and a group's untouched slots cost no physical memory.
 *
 * <p><b>Threading.</b> Thread-safe. Lock order: this registry's lock, then a group's lock; checks take only
 * their group's lock, so they never wait for an init, free or reset of another group.
 */
final class AioGroups {
  /** The largest block the checker reads, and the block size when {@code BLKBSZGET} fails. */
  static final int MAX_BLOCK_SIZE = 4096;

  private static final Logger logger = LoggerFactory.getLogger(AioGroups.class);

  private final AioKernel kernel;
  private final LongSupplier clock;
  private final int groupSize;
  private final long destroyAllowanceNanos;
  private final ThreadFactory destroyThreads;

  private final AtomicLong ioSetupCalls = new AtomicLong();
  private final AtomicLong ioDestroyCalls = new AtomicLong();
  private final AtomicLong ioDestroyCallsDuringFree = new AtomicLong();
  private final AtomicLong orphansReaped = new AtomicLong();

  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock.
  private final List<AioGroup> groups = new ArrayList<>();
  /** Every group not yet torn down, live or dead, and its destroy thread; a group leaves it when torn down. */
  private final Map<AioGroup, GroupDestroyer> destroyers = new LinkedHashMap<>();
  private int nextGroupId = 1;
  private volatile boolean unloaded;

  private final Object unloadLock = new Object();
  // Guarded by unloadLock.
  private UnloadResult unloadResult;

  /**
   * @param kernel the system calls
   * @param clock monotonic nanoseconds, for deadlines
   * @param groupSize the number of slots per group
   * @param destroyAllowanceNanos how long reset and unload wait at least for a group with reads in flight
   */
  AioGroups(AioKernel kernel, LongSupplier clock, int groupSize, long destroyAllowanceNanos) {
    this(kernel, clock, groupSize, destroyAllowanceNanos, Thread::new);
  }

  /**
   * As above, with the factory of the groups' destroy threads: a seam for tests of a thread that will not
   * start.
   */
  AioGroups(
      AioKernel kernel,
      LongSupplier clock,
      int groupSize,
      long destroyAllowanceNanos,
      ThreadFactory destroyThreads) {
    this.kernel = kernel;
    this.clock = clock;
    this.groupSize = groupSize;
    this.destroyAllowanceNanos = destroyAllowanceNanos;
    this.destroyThreads = destroyThreads;
  }

  AioKernel kernel() {
    return kernel;
  }

  long now() {
    return clock.getAsLong();
  }

  int groupSize() {
    return groupSize;
  }

  boolean isUnloaded() {
    return unloaded;
  }

  /** See {@link DirectioCheckerClass#init}. */
  DirectioChecker init(PathDevice device, CheckerOptions options) throws CheckerInitException {
    options.requireNoProperties(DirectioCheckerClass.NAME, device);
    ensureLoaded();
    long timeoutNanos = saturatedNanos(options.timeout());
    int fd = device.fd();
    if (fd < 0) {
      // Nothing to set up: the checker answers wild, as the SPI asks, and holds nothing.
      return new DirectioChecker(
          this, device, null, -1, MAX_BLOCK_SIZE, timeoutNanos, options.mode(), -1, 0);
    }
    int reportedBlockSize = kernel.blockSize(device);
    int blockSize = usableBlockSize(device, reportedBlockSize);
    int flags = kernel.fileStatusFlags(device);
    if (flags < 0) {
      throw new CheckerInitException(
          device.path()
              + ": directio cannot read the descriptor's flags: fcntl(F_GETFL) failed with "
              + Errnos.name(-flags)
              + "; check that the device is open");
    }
    int fdToRestore = -1;
    int direct = kernel.directFlag();
    if ((flags & direct) == 0) {
      int set = kernel.setFileStatusFlags(device, flags | direct);
      if (set < 0) {
        throw new CheckerInitException(
            device.path()
                + ": directio cannot set O_DIRECT: fcntl(F_SETFL) failed with "
                + Errnos.name(-set)
                + (set == -Errnos.EINVAL ? directIoRefused(device) : "; check that the device is open"));
      }
      fdToRestore = fd;
    }
    try {
      DirectioChecker checker = join(device, blockSize, timeoutNanos, options, fdToRestore, flags);
      if (reportedBlockSize < 0) {
        // multipath's MSG_DIRECTIO_BLOCKSIZE; an answer carries no init note, so it is logged once, here, at debug
        // level: every regular file answers BLKBSZGET with ENOTTY, which is no news to a host checking files.
        logger.debug(
            "{}: directio checker{} of {} bytes (BLKBSZGET failed with {})",
            device.path(),
            DirectioMessages.BLOCKSIZE_DEFAULT,
            MAX_BLOCK_SIZE,
            Errnos.name(-reportedBlockSize));
      }
      return checker;
    } catch (CheckerInitException | RuntimeException e) {
      if (fdToRestore >= 0) {
        kernel.setFileStatusFlags(device, flags);
      }
      throw e;
    }
  }

  /** Returns the block size to read, from what BLKBSZGET answered (a negative errno when it failed). */
  private static int usableBlockSize(PathDevice device, int blockSize) throws CheckerInitException {
    if (blockSize < 0) {
      return MAX_BLOCK_SIZE;
    }
    if (blockSize == 0) {
      throw new CheckerInitException(
          device.path()
              + ": directio cannot check a device whose block size (BLKBSZGET) is 0; check that the"
              + " device is set up (a loop device needs a backing file)");
    }
    return Math.min(blockSize, MAX_BLOCK_SIZE);
  }

  /** Returns {@code duration} in nanoseconds, or a century's worth when it does not fit. */
  static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 2;
    }
  }

  private DirectioChecker join(
      PathDevice device,
      int blockSize,
      long timeoutNanos,
      CheckerOptions options,
      int fdToRestore,
      int flags)
      throws CheckerInitException {
    AioGroup group = null;
    int slot = -1;
    lock.lock();
    try {
      ensureLoaded();
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
    DirectioChecker checker =
        new DirectioChecker(
            this,
            device,
            group,
            slot,
            blockSize,
            timeoutNanos,
            options.mode(),
            fdToRestore,
            flags);
    if (!group.bind(slot, checker)) {
      throw unloadedException();
    }
    return checker;
  }

  private AioGroup createGroup(PathDevice device) throws CheckerInitException {
    ioSetupCalls.incrementAndGet();
    AioContext context;
    try {
      context = kernel.setup(groupSize);
    } catch (AioSetupException e) {
      throw new CheckerInitException(setupFailureMessage(device, e.errno()), e);
    }
    AioGroup group = new AioGroup(nextGroupId++, groupSize, context, clock, orphansReaped);
    GroupDestroyer destroyer =
        new GroupDestroyer("directio-aio-group-" + group.id(), destroyThreads, () -> tearDown(group));
    try {
      destroyer.start();
    } catch (OutOfMemoryError e) {
      // The JVM could not start a thread. Rare, and nothing is in flight yet: destroy the context here.
      group.markDead();
      ioDestroyCalls.incrementAndGet();
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

  /** Runs on {@code group}'s destroy thread: {@code io_destroy}, the native memory, out of the registry. */
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

  private String setupFailureMessage(PathDevice device, int errno) {
    String prefix =
        device.path()
            + ": directio cannot create an aio group: io_setup("
            + groupSize
            + ") failed with "
            + Errnos.name(errno);
    switch (errno) {
      case Errnos.EAGAIN:
        {
          AioLimits limits = kernel.limits();
          long suggested =
              limits.maxNr() > 0
                  ? Math.max(2 * limits.maxNr(), Math.max(limits.nr(), 0) + 4L * groupSize)
                  : 4L * groupSize;
          return prefix
              + ": the system-wide limit of aio events is reached (fs.aio-max-nr = "
              + known(limits.maxNr())
              + ", fs.aio-nr = "
              + known(limits.nr())
              + " in use; a group of "
              + groupSize
              + " reserves at least "
              + groupSize
              + " more). Raise the limit, for example: sysctl -w fs.aio-max-nr="
              + suggested
              + " (or lower the class option groupSize)";
        }
      case Errnos.ENOSYS:
        return prefix + ": the kernel has no aio support (CONFIG_AIO); use another checker such as tur";
      case Errnos.ENOMEM:
        return prefix + ": out of memory for the aio ring; free memory or lower the class option groupSize";
      case Errnos.EINVAL:
        return prefix + ": the kernel refuses this many events; lower the class option groupSize";
      default:
        return prefix;
    }
  }

  private static String known(long value) {
    return value < 0 ? "unknown" : Long.toString(value);
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
        ioDestroyCallsDuringFree.incrementAndGet();
        destroyer = startDestroys(List.of(group)).get(0);
      }
    } finally {
      lock.unlock();
    }
    if (destroyer != null) {
      destroyer.awaitThreadEnd();
    }
  }

  /** See {@link DirectioCheckerClass#reset()}. */
  void reset() {
    List<AioGroup> unused = new ArrayList<>();
    lock.lock();
    try {
      ensureLoaded();
      for (AioGroup group : new ArrayList<>(groups)) {
        if (group.hasNoLiveChecker()) {
          groups.remove(group);
          group.markDead();
          unused.add(group);
        }
      }
    } finally {
      lock.unlock();
    }
    List<String> outstanding = destroyAndWait(unused);
    if (!outstanding.isEmpty()) {
      logger.warn(
          "directio reset: {} aio group(s) still wait for reads in flight and are released when those"
              + " complete: {}",
          outstanding.size(),
          outstanding);
    }
  }

  /** See {@link DirectioCheckerClass#unload()}. */
  UnloadResult unload() {
    synchronized (unloadLock) {
      if (unloadResult != null) {
        return unloadResult;
      }
      List<AioGroup> all;
      lock.lock();
      try {
        unloaded = true;
        all = new ArrayList<>(groups);
        groups.clear();
        for (AioGroup group : all) {
          for (DirectioChecker checker : group.liveCheckers()) {
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
        // Every group left here is dead, destroyed by this unload or by a reset or free that took it earlier.
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
        unloadResult = UnloadResult.complete();
      } else {
        logger.warn("directio unload: still outstanding: {}", outstanding);
        unloadResult =
            UnloadResult.deferred(
                outstanding, CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])));
      }
      return unloadResult;
    }
  }

  /**
   * Destroys dead groups in parallel, each on its own thread, and waits for them as the class comment says.
   * Every thread is woken first, in one lock hold and before any bookkeeping, so that the {@code io_destroy}
   * calls begin as close together as the machine allows (calls that straddle the start of a grace period
   * wait for the next one). A group counts as destroyed when its thread has ended (its last action), so a
   * caller told "released" finds no thread left: the groups without reads in flight are waited for without
   * bound, the others until the latest of their reads' deadlines and the allowance.
   *
   * @return one line per group still being destroyed
   */
  private List<String> destroyAndWait(List<AioGroup> dead) {
    if (dead.isEmpty()) {
      return List.of();
    }
    List<GroupDestroyer> woken = startDestroys(dead);
    long waitUntil = now() + destroyAllowanceNanos;
    boolean[] hasReads = new boolean[dead.size()];
    for (int i = 0; i < dead.size(); i++) {
      long latest = dead.get(i).latestReadDeadline();
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
   * @return per group, its destroyer, whose thread ends once the group is torn down and out of the registry
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
    ioDestroyCalls.addAndGet(dead.size());
    return woken;
  }

  /** See {@link DirectioCheckerClass#awaitAnswers}: each live group in turn, within one deadline. */
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

  /** Says why {@code O_DIRECT} was refused (EINVAL): the file system, or a file that has no direct I/O. */
  private String directIoRefused(PathDevice device) {
    String type = kernel.fileType(device);
    if (type.equals("block device") || type.equals("regular file")) {
      return "; its file system does not support direct I/O (tmpfs does not): check a block device, or a file"
          + " on a file system that supports O_DIRECT";
    }
    return "; it is a " + type + ", which has no direct I/O: directio checks block devices and regular files";
  }

  /** See {@link DirectioCheckerClass#snapshot()}. */
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
        ioSetupCalls.get(),
        ioDestroyCalls.get(),
        ioDestroyCallsDuringFree.get(),
        orphansReaped.get());
  }

  private void ensureLoaded() {
    if (unloaded) {
      throw unloadedException();
    }
  }

  private static IllegalStateException unloadedException() {
    return new IllegalStateException(
        "the directio checker class was unloaded; load it again to init checkers");
  }
}
