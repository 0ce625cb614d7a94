package io.github.pathcheck.nativeio.aio;

import io.github.pathcheck.nativeio.AnonymousMemory;

/**
 * The layout of the kernel's {@code struct __kernel_timespec} (16 bytes: seconds, then nanoseconds), written at
 * a fixed offset of an {@link AnonymousMemory}, as {@link LinuxAio#ioGetevents} reads its timeout.
 */
public final class Timespec {
  /** {@code sizeof(struct __kernel_timespec)}. */
  public static final int SIZE = 16;

  static final int TV_SEC = 0;
  static final int TV_NSEC = 8;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private Timespec() {}

  /** Writes {@code nanos} (not negative) as a timespec at {@code offset} of {@code memory}. */
  public static void write(AnonymousMemory memory, long offset, long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("a timespec cannot be negative: " + nanos + " ns");
    }
    memory.putLong(offset + TV_SEC, nanos / NANOS_PER_SECOND);
    memory.putLong(offset + TV_NSEC, nanos % NANOS_PER_SECOND);
  }
}
