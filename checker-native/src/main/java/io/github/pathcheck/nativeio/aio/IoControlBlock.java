package io.github.pathcheck.nativeio.aio;

import io.github.pathcheck.nativeio.AnonymousMemory;

/**
 * The layout of the kernel's {@code struct iocb} ({@code <linux/aio_abi.h>}), 64 bytes on little-endian x86_64
 * and aarch64, written at a fixed offset of an {@link AnonymousMemory}.
 *
 * <p>Fixed offsets rather than a JNA {@code Structure}: a program with thousands of requests in flight keeps
 * one iocb per request in one mapping, with no Java object per request and no allocation per submit. A test
 * checks the offsets against the C header.
 */
public final class IoControlBlock {
  /** {@code sizeof(struct iocb)}. */
  public static final int SIZE = 64;

  /** {@code IOCB_CMD_PREAD}. */
  static final int IOCB_CMD_PREAD = 0;

  static final int AIO_DATA = 0;
  static final int AIO_KEY = 8;
  static final int AIO_RW_FLAGS = 12;
  static final int AIO_LIO_OPCODE = 16;
  static final int AIO_REQPRIO = 18;
  static final int AIO_FILDES = 20;
  static final int AIO_BUF = 24;
  static final int AIO_NBYTES = 32;
  static final int AIO_OFFSET = 40;
  static final int AIO_RESERVED2 = 48;
  static final int AIO_FLAGS = 56;
  static final int AIO_RESFD = 60;

  private IoControlBlock() {}

  /**
   * Writes, at {@code offset} of {@code memory}, an iocb that reads {@code nbytes} bytes at {@code fileOffset}
   * of {@code fd} into the buffer at {@code bufferAddress}, with {@code data} as its {@code aio_data} (what
   * the completion's {@link IoEvent#data} returns). Every field is written; no other field is set.
   *
   * @throws IndexOutOfBoundsException if the iocb does not fit in {@code memory}
   */
  public static void prepareRead(
      AnonymousMemory memory,
      long offset,
      int fd,
      long bufferAddress,
      long nbytes,
      long fileOffset,
      long data) {
    memory.checkRange(offset, SIZE);
    memory.putLong(offset + AIO_DATA, data);
    memory.putInt(offset + AIO_KEY, 0);
    memory.putInt(offset + AIO_RW_FLAGS, 0);
    // aio_lio_opcode (u16) and aio_reqprio (s16) in one little-endian int.
    memory.putInt(offset + AIO_LIO_OPCODE, IOCB_CMD_PREAD);
    memory.putInt(offset + AIO_FILDES, fd);
    memory.putLong(offset + AIO_BUF, bufferAddress);
    memory.putLong(offset + AIO_NBYTES, nbytes);
    memory.putLong(offset + AIO_OFFSET, fileOffset);
    memory.putLong(offset + AIO_RESERVED2, 0);
    memory.putInt(offset + AIO_FLAGS, 0);
    memory.putInt(offset + AIO_RESFD, 0);
  }
}
