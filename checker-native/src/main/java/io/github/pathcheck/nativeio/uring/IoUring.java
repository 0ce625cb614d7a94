package io.github.pathcheck.nativeio.uring;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.github.pathcheck.nativeio.NativeException;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * One io_uring instance with 128-byte submission entries and 32-byte completion entries ({@code
 * IORING_SETUP_SQE128 | IORING_SETUP_CQE32}), the shape Linux requires for passthrough commands ({@code
 * IORING_OP_URING_CMD}) such as NVMe admin commands on a controller's character device: the two system calls and
 * the shared rings, nothing else. No submission thread, no polling, no registered files or buffers.
 *
 * <p><b>Ownership.</b> The instance owns the ring's descriptor and its mappings, and {@link #close()} releases
 * them. Memory that a command points to (an NVMe command's data buffer) is the caller's, who must keep it until
 * the command's completion has been reaped: the kernel writes it until then. Commands cannot be cancelled.
 * Closing the ring with commands in flight would leave the kernel writing into memory whose owner no longer
 * learns when it is free, so a caller closes only once it has reaped every completion.
 *
 * <p><b>Completions.</b> Linux posts a passthrough command's completion from task work of the thread that
 * submitted it; the ring is set up without {@code IORING_SETUP_COOP_TASKRUN}, so the kernel interrupts that
 * thread to post it at once, whatever the thread is doing. A thread that exits with commands in flight waits in
 * its exit until they complete. A completion the ring had no room for is kept by the kernel and posted by the
 * next {@link #reap}.
 *
 * <p><b>Threading.</b> Not thread-safe: callers serialise {@link #submitCommand}, {@link #submitNop}, {@link
 * #reap} and {@link #close()} (one lock). {@link #await} only waits, and may run on other threads while those
 * run, but not during or after {@code close()}. Memory ordering with the kernel is by full fences around the
 * ring indexes.
 *
 * <p><b>After close.</b> Every method but {@code close()}, which is idempotent, throws {@link
 * IllegalStateException}.
 */
public final class IoUring implements AutoCloseable {
  /** {@code IORING_OP_NOP}: completes at once with result 0. */
  static final int OP_NOP = 0;
  /** {@code IORING_OP_URING_CMD}: a passthrough command for the file's driver. */
  static final int OP_URING_CMD = 46;

  static final int SETUP_SQE128 = 1 << 10;
  static final int SETUP_CQE32 = 1 << 11;
  static final int ENTER_GETEVENTS = 1;
  static final int ENTER_EXT_ARG = 1 << 3;
  static final int FEAT_SINGLE_MMAP = 1;
  static final int FEAT_EXT_ARG = 1 << 8;
  static final int SQ_CQ_OVERFLOW = 1 << 1;
  static final long OFF_SQ_RING = 0L;
  static final long OFF_CQ_RING = 0x8000000L;
  static final long OFF_SQES = 0x10000000L;

  /** {@code struct io_uring_params}. */
  static final int PARAMS_SIZE = 120;

  static final int PARAMS_SQ_ENTRIES = 0;
  static final int PARAMS_CQ_ENTRIES = 4;
  static final int PARAMS_FLAGS = 8;
  static final int PARAMS_FEATURES = 20;
  static final int PARAMS_SQ_OFF = 40;
  static final int PARAMS_CQ_OFF = 80;
  /** {@code struct io_sqring_offsets}: head, tail, ring_mask, ring_entries, flags, dropped, array. */
  static final int SQ_OFF_HEAD = 0;

  static final int SQ_OFF_TAIL = 4;
  static final int SQ_OFF_RING_MASK = 8;
  static final int SQ_OFF_FLAGS = 16;
  static final int SQ_OFF_ARRAY = 24;
  /** {@code struct io_cqring_offsets}: head, tail, ring_mask, ring_entries, overflow, cqes. */
  static final int CQ_OFF_HEAD = 0;

  static final int CQ_OFF_TAIL = 4;
  static final int CQ_OFF_RING_MASK = 8;
  static final int CQ_OFF_CQES = 20;

  /** {@code struct io_uring_sqe}, 128 bytes with {@code IORING_SETUP_SQE128}. */
  static final int SQE_SIZE = 128;

  static final int SQE_OPCODE = 0;
  static final int SQE_FD = 4;
  static final int SQE_CMD_OP = 8;
  static final int SQE_USER_DATA = 32;
  static final int SQE_CMD = 48;
  /** The room for the command in a 128-byte entry. */
  public static final int COMMAND_SPACE = SQE_SIZE - SQE_CMD;

  /** {@code struct io_uring_cqe}, 32 bytes with {@code IORING_SETUP_CQE32}. */
  static final int CQE_SIZE = 32;

  static final int CQE_USER_DATA = 0;
  static final int CQE_RES = 8;
  static final int CQE_BIG = 16;

  /** {@code struct io_uring_getevents_arg}, then a {@code struct __kernel_timespec}. */
  static final int GETEVENTS_ARG_SIZE = 24;

  static final int GETEVENTS_ARG_TS = 16;
  static final int TIMESPEC_SIZE = 16;

  private static final int EBUSY = 16;
  private static final int EOPNOTSUPP = 95;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final int fd;
  private final int sqEntries;
  private final int cqEntries;
  private final long sqRing;
  private final long sqRingLength;
  private final long cqRing; // == sqRing with a single mapping
  private final long cqRingLength; // 0 with a single mapping
  private final long sqes;
  private final long sqesLength;
  private final Pointer sq;
  private final Pointer cq;
  private final Pointer sqeArea;
  private final int sqOffHead;
  private final int sqOffTail;
  private final int sqOffFlags;
  private final int sqOffArray;
  private final int sqMask;
  private final int cqOffHead;
  private final int cqOffTail;
  private final int cqOffCqes;
  private final int cqMask;

  private int sqTail; // the next submission slot; the kernel's copy is published at each submit
  private volatile boolean closed; // read by await on other threads

  private IoUring(int fd, Pointer params, long[] mappings) {
    this.fd = fd;
    this.sqEntries = params.getInt(PARAMS_SQ_ENTRIES);
    this.cqEntries = params.getInt(PARAMS_CQ_ENTRIES);
    this.sqRing = mappings[0];
    this.sqRingLength = mappings[1];
    this.cqRing = mappings[2];
    this.cqRingLength = mappings[3];
    this.sqes = mappings[4];
    this.sqesLength = mappings[5];
    this.sq = new Pointer(sqRing);
    this.cq = new Pointer(cqRing);
    this.sqeArea = new Pointer(sqes);
    this.sqOffHead = params.getInt(PARAMS_SQ_OFF + SQ_OFF_HEAD);
    this.sqOffTail = params.getInt(PARAMS_SQ_OFF + SQ_OFF_TAIL);
    this.sqOffFlags = params.getInt(PARAMS_SQ_OFF + SQ_OFF_FLAGS);
    this.sqOffArray = params.getInt(PARAMS_SQ_OFF + SQ_OFF_ARRAY);
    this.sqMask = sq.getInt(params.getInt(PARAMS_SQ_OFF + SQ_OFF_RING_MASK));
    this.cqOffHead = params.getInt(PARAMS_CQ_OFF + CQ_OFF_HEAD);
    this.cqOffTail = params.getInt(PARAMS_CQ_OFF + CQ_OFF_TAIL);
    this.cqOffCqes = params.getInt(PARAMS_CQ_OFF + CQ_OFF_CQES);
    this.cqMask = cq.getInt(params.getInt(PARAMS_CQ_OFF + CQ_OFF_RING_MASK));
    this.sqTail = sq.getInt(sqOffTail);
  }

  /**
   * Sets up a ring of at least {@code entries} submission entries (the kernel rounds up to a power of two) and
   * twice as many completion entries, and maps it.
   *
   * @throws NativeException if the kernel refuses: {@code ENOSYS} without io_uring, {@code EPERM} where {@code
   *     kernel.io_uring_disabled} forbids it, {@code EINVAL} on a kernel without 128-byte entries (before 5.19),
   *     {@code ENOMEM} or {@code EMFILE} without resources; {@code EOPNOTSUPP} when the kernel cannot wait with
   *     a timeout ({@code IORING_FEAT_EXT_ARG}, 5.11). Nothing is left behind.
   * @throws IllegalArgumentException if {@code entries} is not 1 to 4096
   */
  public static IoUring open(int entries) throws NativeException {
    if (entries < 1 || entries > 4096) {
      throw new IllegalArgumentException("an io_uring has 1 to 4096 submission entries, got " + entries);
    }
    try (Memory params = new Memory(PARAMS_SIZE)) {
      params.clear();
      params.setInt(PARAMS_FLAGS, SETUP_SQE128 | SETUP_CQE32);
      long fd = UringNative.result(UringNative.syscall(UringNative.NR_IO_URING_SETUP, entries, Pointer.nativeValue(params)));
      if (fd < 0) {
        throw new NativeException((int) -fd, "io_uring_setup");
      }
      long[] mappings = new long[6];
      try {
        int features = params.getInt(PARAMS_FEATURES);
        if ((features & FEAT_EXT_ARG) == 0) {
          throw new NativeException(EOPNOTSUPP, "io_uring_setup (no IORING_FEAT_EXT_ARG)");
        }
        long sqLength = params.getInt(PARAMS_SQ_OFF + SQ_OFF_ARRAY) + 4L * params.getInt(PARAMS_SQ_ENTRIES);
        long cqLength = params.getInt(PARAMS_CQ_OFF + CQ_OFF_CQES) + (long) CQE_SIZE * params.getInt(PARAMS_CQ_ENTRIES);
        if ((features & FEAT_SINGLE_MMAP) != 0) {
          mappings[1] = Math.max(sqLength, cqLength);
          mappings[0] = map((int) fd, mappings[1], OFF_SQ_RING);
          mappings[2] = mappings[0];
        } else {
          mappings[1] = sqLength;
          mappings[0] = map((int) fd, sqLength, OFF_SQ_RING);
          mappings[3] = cqLength;
          mappings[2] = map((int) fd, cqLength, OFF_CQ_RING);
        }
        mappings[5] = (long) SQE_SIZE * params.getInt(PARAMS_SQ_ENTRIES);
        mappings[4] = map((int) fd, mappings[5], OFF_SQES);
        return new IoUring((int) fd, params, mappings);
      } catch (NativeException | RuntimeException e) {
        unmap(mappings);
        UringNative.close((int) fd);
        throw e;
      }
    }
  }

  private static long map(int fd, long length, long offset) throws NativeException {
    long address =
        UringNative.mmap(
            0,
            length,
            UringNative.PROT_READ | UringNative.PROT_WRITE,
            UringNative.MAP_SHARED | UringNative.MAP_POPULATE,
            fd,
            offset);
    if (address == UringNative.MAP_FAILED) {
      throw new NativeException(Native.getLastError(), "mmap of the io_uring");
    }
    return address;
  }

  /** Unmaps what {@code mappings} holds: address and length pairs, an address of 0 for none. */
  private static void unmap(long[] mappings) {
    if (mappings[4] != 0) {
      UringNative.munmap(mappings[4], mappings[5]);
    }
    if (mappings[2] != 0 && mappings[2] != mappings[0]) {
      UringNative.munmap(mappings[2], mappings[3]);
    }
    if (mappings[0] != 0) {
      UringNative.munmap(mappings[0], mappings[1]);
    }
  }

  /** Returns the number of submission entries. */
  int submissionEntries() {
    ensureOpen();
    return sqEntries;
  }

  /**
   * Returns the number of completion entries: the most commands a caller should have in flight, so that every
   * completion finds room in the ring.
   */
  public int completionEntries() {
    ensureOpen();
    return cqEntries;
  }

  /** Returns the ring's file descriptor, for tests. */
  int descriptor() {
    ensureOpen();
    return fd;
  }

  /**
   * Submits a passthrough command ({@code IORING_OP_URING_CMD}) for the driver of the file open as {@code
   * fileDescriptor}: {@code command} is copied into the entry's command area, and is for the driver to read
   * (for NVMe, a {@code struct nvme_uring_cmd}, see {@link io.github.pathcheck.nativeio.nvme.NvmeUringCmd}).
   *
   * @param commandOp the driver's command code ({@code cmd_op}), such as {@link
   *     io.github.pathcheck.nativeio.nvme.NvmeUringCmd#ADMIN}
   * @param userData returned with the completion
   * @return 1 when the kernel took the command, whose completion then comes, also for a command the kernel
   *     fails at once (a file without passthrough completes with {@code -EOPNOTSUPP}); minus errno when it
   *     took nothing and no completion comes ({@code -EBUSY} when the submission ring is full, {@code -EAGAIN}
   *     without memory)
   * @throws IllegalArgumentException if {@code command} is longer than {@link #COMMAND_SPACE}
   */
  public int submitCommand(int fileDescriptor, int commandOp, byte[] command, long userData) {
    Objects.requireNonNull(command, "command");
    if (command.length > COMMAND_SPACE) {
      throw new IllegalArgumentException(
          "a passthrough command takes at most " + COMMAND_SPACE + " bytes, got " + command.length);
    }
    ensureOpen();
    long entry = nextEntry();
    if (entry < 0) {
      return (int) entry;
    }
    sqeArea.setByte(entry + SQE_OPCODE, (byte) OP_URING_CMD);
    sqeArea.setInt(entry + SQE_FD, fileDescriptor);
    sqeArea.setInt(entry + SQE_CMD_OP, commandOp);
    sqeArea.setLong(entry + SQE_USER_DATA, userData);
    sqeArea.write(entry + SQE_CMD, command, 0, command.length);
    return publish();
  }

  /**
   * Submits a no-op, which completes at once with result 0; for tests.
   *
   * @return 1, or minus errno as for {@link #submitCommand}
   */
  int submitNop(long userData) {
    ensureOpen();
    long entry = nextEntry();
    if (entry < 0) {
      return (int) entry;
    }
    sqeArea.setByte(entry + SQE_OPCODE, (byte) OP_NOP);
    sqeArea.setInt(entry + SQE_FD, -1);
    sqeArea.setLong(entry + SQE_USER_DATA, userData);
    return publish();
  }

  /** Returns the offset of the next free entry, zeroed, in the entry area, or -EBUSY when the ring is full. */
  private long nextEntry() {
    VarHandle.fullFence();
    int kernelHead = sq.getInt(sqOffHead);
    if (sqTail - kernelHead >= sqEntries) {
      return -EBUSY;
    }
    int index = sqTail & sqMask;
    long entry = (long) index * SQE_SIZE;
    sqeArea.setMemory(entry, SQE_SIZE, (byte) 0);
    sq.setInt(sqOffArray + 4L * index, index);
    return entry;
  }

  /** Publishes the entry just written and enters the kernel to submit it; takes it back when the kernel did not. */
  private int publish() {
    int previous = sqTail;
    sqTail = previous + 1;
    VarHandle.fullFence();
    sq.setInt(sqOffTail, sqTail);
    VarHandle.fullFence();
    long submitted = enter(1, 0, 0, 0, 0);
    if (submitted == 1) {
      return 1;
    }
    // The kernel reads the tail only inside io_uring_enter, which this thread alone calls to submit.
    sqTail = previous;
    sq.setInt(sqOffTail, previous);
    VarHandle.fullFence();
    return submitted < 0 ? (int) submitted : -EBUSY;
  }

  /**
   * Takes every completion the ring holds and hands each to {@code handler}, without waiting. When the kernel
   * kept completions the ring had no room for, it asks it to post them and takes those too.
   *
   * @return the number of completions handled
   */
  public int reap(CompletionHandler handler) {
    Objects.requireNonNull(handler, "handler");
    ensureOpen();
    int handled = 0;
    while (true) {
      int head = cq.getInt(cqOffHead);
      VarHandle.fullFence();
      int tail = cq.getInt(cqOffTail);
      VarHandle.fullFence();
      while (head != tail) {
        long cqe = cqOffCqes + (long) (head & cqMask) * CQE_SIZE;
        long userData = cq.getLong(cqe + CQE_USER_DATA);
        int res = cq.getInt(cqe + CQE_RES);
        long extra = cq.getLong(cqe + CQE_BIG);
        head++;
        VarHandle.fullFence();
        cq.setInt(cqOffHead, head);
        handled++;
        handler.completed(userData, res, extra);
      }
      VarHandle.fullFence();
      if ((sq.getInt(sqOffFlags) & SQ_CQ_OVERFLOW) == 0) {
        return handled;
      }
      enter(0, 0, ENTER_GETEVENTS, 0, 0); // posts what the kernel kept aside
    }
  }

  /**
   * Waits until the ring holds at least {@code minComplete} completions not yet reaped, or until {@code
   * timeoutNanos} has passed, or a signal arrives; reaps nothing.
   *
   * @return true when they are there; false when the time passed or a signal ended the wait
   * @throws IllegalArgumentException if {@code minComplete} is negative
   */
  public boolean await(int minComplete, long timeoutNanos) {
    if (minComplete < 0) {
      throw new IllegalArgumentException("minComplete must not be negative, got " + minComplete);
    }
    ensureOpen();
    long nanos = Math.max(0, timeoutNanos);
    try (Memory arg = new Memory(GETEVENTS_ARG_SIZE + TIMESPEC_SIZE)) {
      arg.clear();
      long ts = Pointer.nativeValue(arg) + GETEVENTS_ARG_SIZE;
      arg.setLong(GETEVENTS_ARG_TS, ts);
      arg.setLong(GETEVENTS_ARG_SIZE, nanos / NANOS_PER_SECOND);
      arg.setLong(GETEVENTS_ARG_SIZE + 8, nanos % NANOS_PER_SECOND);
      long returned = enter(0, minComplete, ENTER_GETEVENTS | ENTER_EXT_ARG, Pointer.nativeValue(arg), GETEVENTS_ARG_SIZE);
      return returned >= 0;
    }
  }

  private long enter(int toSubmit, int minComplete, int flags, long arg, long argSize) {
    return UringNative.result(
        UringNative.syscall(UringNative.NR_IO_URING_ENTER, fd, toSubmit, minComplete, flags, arg, argSize));
  }

  /** Unmaps the rings and closes the descriptor; idempotent. See the class comment on commands in flight. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    unmap(new long[] {sqRing, sqRingLength, cqRing, cqRingLength, sqes, sqesLength});
    UringNative.close(fd);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the io_uring was closed");
    }
  }

  @Override
  public String toString() {
    return closed ? "IoUring{closed}" : "IoUring{fd=" + fd + ", sq=" + sqEntries + ", cq=" + cqEntries + "}";
  }
}
