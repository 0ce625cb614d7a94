package io.github.pathcheck.testkit;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A scratch "disk" for tests: a regular file of a given size, written out (not sparse), in a directory on a
 * file system that supports {@code O_DIRECT}, so that checkers that read with {@code O_DIRECT} (directio) can
 * read it like a block device. Attach a {@link io.github.pathcheck.nativeio.LoopDevice} to it when a real block
 * device is needed.
 *
 * <p>{@link #create} probes the directory by opening a file in it with {@link ExtendedOpenOption#DIRECT}, and
 * refuses a directory whose file system does not support it (tmpfs on older kernels, some overlay setups) with
 * a message naming the directory and the fix, rather than letting a checker fail later for a reason that has
 * nothing to do with it.
 *
 * <p><b>Ownership.</b> The caller owns the file; {@link #close()} deletes it and is idempotent. Thread-safe.
 */
public final class ScratchDisk implements Closeable {
  /** The alignment {@code O_DIRECT} reads need on every common device; sizes must be a multiple of it. */
  public static final int BLOCK_SIZE = 4096;

  private final Path path;
  private final long size;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ScratchDisk(Path path, long size) {
    this.path = path;
    this.size = size;
  }

  /**
   * Creates a scratch disk of {@code sizeBytes} zero bytes in a new file in {@code directory}.
   *
   * @param directory an existing directory on a file system that supports {@code O_DIRECT}; a JUnit
   *     {@code @TempDir} is one when {@code java.io.tmpdir} is on ext4, xfs or btrfs
   * @param sizeBytes a positive multiple of {@link #BLOCK_SIZE}
   * @throws IllegalArgumentException if {@code sizeBytes} is not a positive multiple of {@link #BLOCK_SIZE}
   * @throws IOException if the file cannot be written, or the directory's file system does not support {@code
   *     O_DIRECT}; the message names the directory and what to do
   */
  public static ScratchDisk create(Path directory, long sizeBytes) throws IOException {
    Objects.requireNonNull(directory, "directory");
    if (sizeBytes <= 0 || sizeBytes % BLOCK_SIZE != 0) {
      throw new IllegalArgumentException(
          "scratch disk size must be a positive multiple of " + BLOCK_SIZE + " bytes, got " + sizeBytes);
    }
    Path file = Files.createTempFile(directory, "pathcheck-scratch-", ".img");
    try {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(sizeBytes, 1 << 20));
        long written = 0;
        while (written < sizeBytes) {
          zeros.clear().limit((int) Math.min(zeros.capacity(), sizeBytes - written));
          written += channel.write(zeros, written);
        }
        channel.force(true);
      }
      requireDirectIo(file, directory);
      return new ScratchDisk(file, sizeBytes);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  /**
   * Returns whether files in {@code directory} can be opened with {@code O_DIRECT}. Creates and deletes a small
   * probe file.
   *
   * @throws IOException if the probe file cannot be created or deleted
   */
  public static boolean supportsDirectIo(Path directory) throws IOException {
    Path probe = Files.createTempFile(directory, "pathcheck-odirect-probe-", ".tmp");
    try {
      return canOpenDirect(probe);
    } finally {
      Files.deleteIfExists(probe);
    }
  }

  /** Returns the scratch file. */
  public Path path() {
    return path;
  }

  /** Returns the file's size in bytes. */
  public long size() {
    return size;
  }

  /** Deletes the file. Idempotent. Detach any loop device over it first. */
  @Override
  public void close() throws IOException {
    if (closed.compareAndSet(false, true)) {
      Files.deleteIfExists(path);
    }
  }

  @Override
  public String toString() {
    return "ScratchDisk{" + path + ", " + size + " bytes}";
  }

  private static void requireDirectIo(Path file, Path directory) throws IOException {
    if (!canOpenDirect(file)) {
      throw new IOException(
          "the file system of "
              + directory.toAbsolutePath()
              + " does not support O_DIRECT (tmpfs often does not): put scratch disks on ext4, xfs or btrfs,"
              + " for example by pointing java.io.tmpdir (or the @TempDir) at such a directory");
    }
  }

  @SuppressWarnings("try") // opened only to see whether it opens
  private static boolean canOpenDirect(Path file) {
    try (FileChannel ignored =
        FileChannel.open(file, StandardOpenOption.READ, ExtendedOpenOption.DIRECT)) {
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
