package io.github.pathcheck.directio;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.nativeio.Errno;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One path's directio checker: reads the first block of the device with {@code O_DIRECT} through its aio
 * group, and answers up when the whole block was read, down otherwise.
 *
 * <p><b>A read is never submitted twice.</b> A read in flight stays tracked until it completes, whatever the
 * checker answered meanwhile: a check while it is in flight waits for it (sync) or answers pending (async),
 * and a completion that arrives after the deadline is still reported. Freeing the checker abandons it to the
 * group as an orphan.
 *
 * <p><b>Answers.</b> Every answer is one of the constants below or of {@link CheckResult}, so a check
 * allocates nothing. {@link #pending()} throws {@link IllegalStateException} when there is no read to collect.
 *
 * <p><b>Timeouts.</b> Deadlines are read from the class's monotonic clock. A synchronous check waits up to the
 * checker timeout for its read (a check that finds a read still in flight waits up to the timeout again,
 * like multipath); {@link #pending()} answers down once the read's deadline passed. Both then try {@code
 * io_cancel}, which for reads does nothing in practice.
 *
 * <p><b>Threading.</b> As the SPI says: one thread at a time per checker. The fields below that are not final
 * are confined to that thread; what other threads touch (the slot's read) lives in the group, under its lock.
 *
 * <p><b>Memory.</b> A few fields on the heap; the slot's buffer and iocb are native memory of its group (see
 * {@link KernelAioContext}).
 */
final class DirectioChecker implements Checker {
  private static final Logger logger = LoggerFactory.getLogger(DirectioChecker.class);

  /** The read is in flight (multipath's {@code MSG_DIRECTIO_PENDING}). */
  static final CheckResult WAITING_ON_AIO =
      CheckResult.of(PathState.PENDING, DirectioMessages.WAITING_ON_AIO);

  /** The read could not be submitted (multipath's {@code MSG_DIRECTIO_UNKNOWN}). */
  static final CheckResult NOT_AVAILABLE =
      CheckResult.of(PathState.UNCHECKED, DirectioMessages.NOT_AVAILABLE);

  private final DirectioCheckerClass owner;
  private final DirectDevice direct;
  private final PathDevice device;
  /** The group holding this checker's slot; null for a device that had no fd at init. */
  private final AioGroup group;
  private final int slot;
  private final int blockSize;
  private final long timeoutNanos;
  private final CheckMode mode;
  private final AtomicBoolean freed = new AtomicBoolean();

  /** Whether the read in flight was looked at since it was submitted (multipath's {@code checked_state}). */
  private boolean checked;

  /**
   * @param owner the class, for its clock, its pool and its descriptor flags
   * @param direct the prepared device
   * @param group the group holding the checker's slot, or null for a device without a descriptor
   * @param slot the slot, or -1 without a group
   */
  DirectioChecker(
      DirectioCheckerClass owner,
      DirectDevice direct,
      AioGroup group,
      int slot,
      long timeoutNanos,
      CheckMode mode) {
    this.owner = owner;
    this.direct = direct;
    this.device = direct.device();
    this.group = group;
    this.slot = slot;
    this.blockSize = direct.blockSize();
    this.timeoutNanos = timeoutNanos;
    this.mode = mode;
  }

  @Override
  public CheckResult check() {
    ensureLive();
    int fd = device.fd();
    if (group == null || fd < 0) {
      return CheckResult.NO_USABLE_FD;
    }
    long now = owner.now();
    int submitted = group.submit(slot, fd, blockSize, now + timeoutNanos);
    switch (submitted) {
      case 1:
        checked = false;
        if (mode == CheckMode.ASYNC) {
          return WAITING_ON_AIO;
        }
        checked = true;
        return awaitSync(now + timeoutNanos);
      case AioGroup.BUSY_DONE:
        checked = true;
        return collect();
      case AioGroup.BUSY_IN_FLIGHT:
        checked = true;
        if (mode == CheckMode.ASYNC) {
          return WAITING_ON_AIO;
        }
        return awaitSync(now + timeoutNanos);
      default:
        logger.warn(
            "{}: directio checker could not submit a read: io_submit returned {}",
            device.path(),
            submitted < 0 ? Errno.name(-submitted) : Integer.toString(submitted));
        ensureLive();
        return NOT_AVAILABLE;
    }
  }

  private CheckResult awaitSync(long waitDeadline) {
    if (group.awaitCompletion(slot, waitDeadline)) {
      ensureLive();
      return collect();
    }
    ensureLive();
    group.tryCancel(slot);
    return CheckResult.DOWN;
  }

  @Override
  public CheckResult pending() {
    ensureLive();
    long read = group == null ? AioGroup.NO_READ : group.poll(slot);
    ensureLive();
    if (read == AioGroup.NO_READ) {
      throw new IllegalStateException(
          "the directio checker of "
              + device.path()
              + " has no read to collect: call pending() only after check() answered pending, until an"
              + " answer is final");
    }
    checked = true;
    if (read == AioGroup.STILL_IN_FLIGHT) {
      return WAITING_ON_AIO;
    }
    if (read == AioGroup.PAST_DEADLINE) {
      group.tryCancel(slot);
      return CheckResult.DOWN;
    }
    return answer(read);
  }

  @Override
  public boolean needWait() {
    ensureLive();
    return group != null && !checked && group.isInFlight(slot);
  }

  @Override
  public void free() {
    if (!freed.compareAndSet(false, true)) {
      return;
    }
    restoreFlags();
    if (group != null) {
      owner.release(this);
    }
  }

  /** Frees this checker for an unload: like {@link #free()}, but never destroys the group (unload does). */
  void freeForUnload() {
    if (!freed.compareAndSet(false, true)) {
      return;
    }
    restoreFlags();
    if (group != null) {
      group.release(slot, this);
    }
  }

  private void restoreFlags() {
    owner.restore(direct);
  }

  private CheckResult collect() {
    return answer(group.collect(slot));
  }

  /** Answers from a read's result: up when the whole block was read, down otherwise. */
  private CheckResult answer(long read) {
    return read == blockSize ? CheckResult.UP : CheckResult.DOWN;
  }

  private void ensureLive() {
    if (freed.get() || owner.isUnloaded()) {
      throw new IllegalStateException(
          "the directio checker of "
              + device.path()
              + " was freed"
              + (owner.isUnloaded() ? " by the unload of its class" : "")
              + "; init a new checker");
    }
  }

  AioGroup group() {
    return group;
  }

  int slot() {
    return slot;
  }

  int blockSize() {
    return blockSize;
  }

  Path path() {
    return device.path();
  }

  boolean isFreed() {
    return freed.get();
  }

  @Override
  public String toString() {
    return "DirectioChecker{" + device.path() + ", " + (freed.get() ? "freed" : "live") + "}";
  }
}
