package io.github.pathcheck.nativeio;

import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A private anonymous memory mapping ({@code mmap(MAP_PRIVATE | MAP_ANONYMOUS)}): page-aligned, zero-filled
 * native memory for buffers the kernel reads or writes, such as {@code O_DIRECT} read buffers and aio iocbs.
 *
 * <p>Pages cost physical memory only once touched, and {@link #close()} returns them to the system at once
 * ({@code munmap}), which makes a mapping a good home for many small fixed-size records (one per request)
 * addressed by offset, with no Java object per record.
 *
 * <p><b>Ownership.</b> The creator owns the mapping and must {@link #close()} it once nothing, the kernel
 * included, uses the memory any more; it is not closed by the garbage collector. {@code close()} is
 * idempotent.
 *
 * <p><b>Access.</b> The accessors read and write the memory in Java, through a direct {@link ByteBuffer} over
 * the mapping (its first 2 GiB; bytes beyond, through JNA): no JNI call per field, so a hot path can read and
 * write native records freely. The buffer is never handed out, since it would outlive {@link #close()}.
 *
 * <p><b>Threading.</b> The accessors may be used from any thread; writes are plain stores, so threads that
 * share contents synchronise through other means. Accessing the memory concurrently with or after {@code
 * close()} is a bug of the owner: accessors check for it on a best-effort basis and throw {@link
 * IllegalStateException}, but cannot close the race.
 */
public final class AnonymousMemory implements AutoCloseable {
  private final long address;
  private final long size;
  private Pointer pointer; // JNA's view of bytes beyond the first 2 GiB; made when first needed
  /** The first {@code min(size, Integer.MAX_VALUE)} bytes, in native order; absolute accesses only. */
  private final ByteBuffer view;
  private volatile boolean closed;

  private AnonymousMemory(long address, long size) {
    this.address = address;
    this.size = size;
    this.view =
        Libc.calls().view(address, (int) Math.min(size, Integer.MAX_VALUE)).order(ByteOrder.nativeOrder());
  }

  /**
   * Maps {@code size} bytes of zeroed memory, read-write, rounded up to whole pages by the kernel.
   *
   * @throws IllegalArgumentException if {@code size} is not positive
   * @throws NativeException if {@code mmap} fails, for example {@code ENOMEM}
   */
  public static AnonymousMemory map(long size) throws NativeException {
    if (size <= 0) {
      throw new IllegalArgumentException("a mapping needs a positive size, got " + size);
    }
    long address = Errno.checkReturned(Libc.calls().mapAnonymous(size), "mmap(" + size + " bytes)", null);
    return new AnonymousMemory(address, size);
  }

  /** Returns the address of the first byte, a multiple of the page size. */
  public long address() {
    return address;
  }

  /** Returns the size asked for, in bytes. */
  public long size() {
    return size;
  }

  /** Writes a native-order {@code long} at {@code offset}. */
  public void putLong(long offset, long value) {
    checkRange(offset, Long.BYTES);
    if (inView(offset, Long.BYTES)) {
      view.putLong((int) offset, value);
    } else {
      beyondView().setLong(offset, value);
    }
  }

  /** Writes a native-order {@code int} at {@code offset}. */
  public void putInt(long offset, int value) {
    checkRange(offset, Integer.BYTES);
    if (inView(offset, Integer.BYTES)) {
      view.putInt((int) offset, value);
    } else {
      beyondView().setInt(offset, value);
    }
  }

  /** Reads a native-order {@code long} at {@code offset}. */
  public long getLong(long offset) {
    checkRange(offset, Long.BYTES);
    return inView(offset, Long.BYTES) ? view.getLong((int) offset) : beyondView().getLong(offset);
  }

  /** Reads a native-order {@code int} at {@code offset}. */
  public int getInt(long offset) {
    checkRange(offset, Integer.BYTES);
    return inView(offset, Integer.BYTES) ? view.getInt((int) offset) : beyondView().getInt(offset);
  }

  /** Reads {@code length} bytes at {@code offset}. */
  public byte[] getBytes(long offset, int length) {
    checkRange(offset, length);
    if (inView(offset, length)) {
      byte[] bytes = new byte[length];
      view.get((int) offset, bytes);
      return bytes;
    }
    return beyondView().getByteArray(offset, length);
  }

  private synchronized Pointer beyondView() {
    if (pointer == null) {
      pointer = new Pointer(address);
    }
    return pointer;
  }

  /** Whether bytes {@code [offset, offset + length)}, within the mapping, are within {@link #view}. */
  private boolean inView(long offset, int length) {
    return offset <= view.capacity() - length;
  }

  /**
   * Checks that bytes {@code [offset, offset + length)} lie within this mapping, for a caller that writes a
   * struct in several puts and must fail before the first.
   *
   * @throws IllegalStateException if the mapping was closed
   * @throws IndexOutOfBoundsException if the bytes are not all within the mapping
   */
  public void checkRange(long offset, long length) {
    if (closed) {
      throw new IllegalStateException("the mapping at 0x" + Long.toHexString(address) + " was closed");
    }
    if (offset < 0 || length < 0 || offset > size - length) {
      throw new IndexOutOfBoundsException(
          "bytes [" + offset + ", " + offset + " + " + length + ") are outside a mapping of " + size);
    }
  }

  /**
   * Unmaps the memory. Idempotent. A failing {@code munmap} (it cannot fail for a mapping made here) is
   * reported as an {@link IllegalStateException}.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    int result = Libc.calls().munmap(address, size);
    if (result < 0) {
      throw new IllegalStateException(
          new NativeException(-result, "munmap(0x" + Long.toHexString(address) + ")"));
    }
  }

  /** Returns whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public String toString() {
    return "AnonymousMemory{0x" + Long.toHexString(address) + ", " + size + " bytes" + (closed ? ", closed" : "")
        + "}";
  }
}
