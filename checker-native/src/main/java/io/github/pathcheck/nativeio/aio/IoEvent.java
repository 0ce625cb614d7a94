package io.github.pathcheck.nativeio.aio;

import io.github.pathcheck.nativeio.AnonymousMemory;

/**
 * The layout of the kernel's {@code struct io_event} ({@code <linux/aio_abi.h>}), 32 bytes, read at a fixed
 * offset of an {@link AnonymousMemory} (an array of them is what {@link LinuxAio#ioGetevents} fills). See
 * {@link IoControlBlock} for why fixed offsets.
 */
public final class IoEvent {
  /** {@code sizeof(struct io_event)}. */
  public static final int SIZE = 32;

  static final int DATA = 0;
  static final int OBJ = 8;
  static final int RES = 16;
  static final int RES2 = 24;

  private IoEvent() {}

  /** Returns the {@code data} of the event at {@code offset}: the request's iocb {@code aio_data}. */
  public static long data(AnonymousMemory memory, long offset) {
    return memory.getLong(offset + DATA);
  }

  /**
   * Returns the {@code res} of the event at {@code offset}: for a read, the number of bytes read, or a negative
   * errno.
   */
  public static long result(AnonymousMemory memory, long offset) {
    return memory.getLong(offset + RES);
  }
}
