package io.github.pathcheck.directio;

import io.github.pathcheck.nativeio.AnonymousMemory;
import io.github.pathcheck.nativeio.NativeException;
import io.github.pathcheck.nativeio.aio.IoControlBlock;
import io.github.pathcheck.nativeio.aio.IoEvent;
import io.github.pathcheck.nativeio.aio.LinuxAio;
import io.github.pathcheck.nativeio.aio.Timespec;

/**
 * A real aio context and its group's native memory: one anonymous mapping (page-aligned, zeroed, its pages
 * physical only once touched) laid out as
 *
 * <pre>
 *   slots x 4096   read buffers (page-aligned, as O_DIRECT wants; a read uses the first blockSize bytes)
 *   slots x 64     iocbs, one per slot, rewritten at each submit
 *   slots x 8      iocb pointers, io_submit's one-element array per slot (so submits of different slots
 *                  may run at once)
 *   128 x 32       io_events, written by io_getevents (one reaper at a time)
 *   32             io_event for io_cancel's result (cancels run under the group lock)
 *   16             timespec for io_getevents' timeout
 *   8              aio_context_t written by io_setup
 * </pre>
 *
 * <p>So a slot costs 4168 bytes of native memory and no Java object, and a submit allocates nothing: each
 * slot's iocb pointer is written once, at creation, and a submit writes the slot's 64-byte iocb (plain
 * stores through the mapping's buffer view). The mapping is unmapped by {@link #release()} only, after
 * {@code io_destroy} returned: the kernel writes into the buffers of reads in flight until then.
 */
final class KernelAioContext implements AioContext {
  private static final int BUFFER_SIZE = DirectDevice.MAX_BLOCK_SIZE;

  private final AnonymousMemory memory;
  private final long context;
  private final long iocbs;
  private final long iocbPointers;
  private final long events;
  private final long cancelResult;
  private final long timeout;

  private KernelAioContext(AnonymousMemory memory, long context, int slots) {
    this.memory = memory;
    this.context = context;
    this.iocbs = (long) slots * BUFFER_SIZE;
    this.iocbPointers = iocbs + (long) slots * IoControlBlock.SIZE;
    this.events = iocbPointers + (long) slots * Long.BYTES;
    this.cancelResult = events + (long) AioGroup.EVENTS_PER_CALL * IoEvent.SIZE;
    this.timeout = cancelResult + IoEvent.SIZE;
    for (int slot = 0; slot < slots; slot++) {
      memory.putLong(
          iocbPointers + (long) slot * Long.BYTES,
          memory.address() + iocbs + (long) slot * IoControlBlock.SIZE);
    }
  }

  /** Maps the memory and calls {@code io_setup(slots)}; on failure nothing is left. */
  static KernelAioContext create(int slots) throws AioSetupException {
    long contextId =
        (long) slots * (BUFFER_SIZE + IoControlBlock.SIZE + Long.BYTES)
            + (long) AioGroup.EVENTS_PER_CALL * IoEvent.SIZE
            + IoEvent.SIZE
            + Timespec.SIZE;
    AnonymousMemory memory;
    try {
      memory = AnonymousMemory.map(contextId + Long.BYTES);
    } catch (NativeException e) {
      throw new AioSetupException(e.errno(), "mmap of the group's buffers");
    }
    int setup = LinuxAio.ioSetup(slots, memory.address() + contextId);
    if (setup < 0) {
      memory.close();
      throw new AioSetupException(-setup, "io_setup(" + slots + ")");
    }
    return new KernelAioContext(memory, memory.getLong(contextId), slots);
  }

  @Override
  public int submitRead(int slot, long data, int fd, int length) {
    long iocb = iocbs + (long) slot * IoControlBlock.SIZE;
    IoControlBlock.prepareRead(
        memory, iocb, fd, memory.address() + (long) slot * BUFFER_SIZE, length, 0, data);
    return LinuxAio.ioSubmit(context, 1, memory.address() + iocbPointers + (long) slot * Long.BYTES);
  }

  @Override
  public int cancel(int slot) {
    return LinuxAio.ioCancel(
        context,
        memory.address() + iocbs + (long) slot * IoControlBlock.SIZE,
        memory.address() + cancelResult);
  }

  @Override
  public int getEvents(int minEvents, int maxEvents, long timeoutNanos) {
    Timespec.write(memory, timeout, timeoutNanos);
    return LinuxAio.ioGetevents(
        context, minEvents, maxEvents, memory.address() + events, memory.address() + timeout);
  }

  @Override
  public long eventData(int index) {
    return IoEvent.data(memory, events + (long) index * IoEvent.SIZE);
  }

  @Override
  public long eventResult(int index) {
    return IoEvent.result(memory, events + (long) index * IoEvent.SIZE);
  }

  @Override
  public int destroy() {
    return LinuxAio.ioDestroy(context);
  }

  @Override
  public void release() {
    memory.close();
  }
}
