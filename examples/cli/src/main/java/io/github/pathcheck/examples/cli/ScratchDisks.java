package io.github.pathcheck.examples.cli;

import io.github.pathcheck.nativeio.LoopDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Scratch disks for the demo and the benchmarks: files of data in a fresh directory and loop devices attached over some of them.
 * {@link #close()} detaches every loop device and removes every file and the directory, once, whichever
 * thread calls it first (the command, or its shutdown hook if the command is stuck); later calls do nothing.
 *
 * <p>Thread-safe: every method holds the instance's lock, so a close waits for an attach in progress and
 * then detaches that device too.
 */
final class ScratchDisks implements AutoCloseable {
  private final Path directory;
  private final List<Path> files = new ArrayList<>(); // guarded by this
  private final List<LoopDevice> loops = new ArrayList<>(); // attached, in order; guarded by this
  private final List<String> removed = new ArrayList<>(); // what close removed; guarded by this
  private boolean closed; // guarded by this

  private ScratchDisks(Path directory) {
    this.directory = directory;
  }

  /**
   * Returns whether this process may attach loop devices: it can write the loop driver's control node (root, or
   * the group that owns the node on most hosts), which {@link LoopDevice#attach} opens first.
   */
  static boolean canAttachLoops() {
    return Files.isWritable(Path.of("/dev/loop-control"));
  }

  /** Creates a new, empty directory {@code pathcheck-demo-*} in {@code parent}. */
  static ScratchDisks create(Path parent) throws IOException {
    return create(parent, "pathcheck-demo-");
  }

  /** Creates a new, empty directory {@code <prefix>*} in {@code parent}. */
  static ScratchDisks create(Path parent, String prefix) throws IOException {
    return new ScratchDisks(Files.createTempDirectory(parent, prefix));
  }

  /** Returns {@code size} bytes of a scratch disk's content: a pattern, not zeros, so that reads move real data. */
  static byte[] pattern(int size) {
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    return data;
  }

  /** Returns the directory that holds the files. */
  Path directory() {
    return directory;
  }

  /** Writes a new file {@code name} holding {@code content} and returns it. */
  synchronized Path addFile(String name, byte[] content) throws IOException {
    ensureOpen();
    Path file = directory.resolve(name);
    files.add(file);
    write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return file;
  }

  /** Attaches a loop device over {@code file} and returns it. */
  synchronized Path attachLoop(Path file) throws IOException {
    ensureOpen();
    LoopDevice device = LoopDevice.attach(file);
    loops.add(device);
    return device.path();
  }

  /** Truncates {@code file} to zero length: a read of its first block then comes back short. */
  synchronized void truncate(Path file) throws IOException {
    ensureOpen();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(0);
      channel.force(true);
    }
  }

  /** Writes {@code content} back into {@code file} from its start. */
  synchronized void restore(Path file, byte[] content) throws IOException {
    ensureOpen();
    write(file, content, StandardOpenOption.WRITE);
  }

  private static void write(Path file, byte[] content, StandardOpenOption... options) throws IOException {
    try (FileChannel channel = FileChannel.open(file, options)) {
      ByteBuffer data = ByteBuffer.wrap(content);
      while (data.hasRemaining()) {
        channel.write(data, data.position());
      }
      channel.force(true);
    } catch (IOException e) {
      throw new IOException(
          "cannot write the scratch disk "
              + file
              + " ("
              + content.length
              + " bytes): "
              + (e.getMessage() == null ? e.toString() : e.getMessage())
              + "; free space in "
              + file.getParent()
              + ", or give another directory with --scratch-dir",
          e);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the scratch disks in " + directory + " are removed already");
    }
  }

  /**
   * Returns what {@link #close()} removed, in order ({@code /dev/loop3}, files, the directory); empty before
   * it ran.
   */
  synchronized List<String> removed() {
    return List.copyOf(removed);
  }

  /**
   * Detaches every loop device (closes this process's hold on it: each detaches itself with its last
   * descriptor), then deletes every file and the directory; goes on past a failure and then
   * throws the first, with the others suppressed. Only the first call does anything.
   *
   * @throws IOException if a file or the directory could not be deleted; the message names it
   */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    IOException failure = null;
    for (LoopDevice loop : loops) {
      loop.close(); // the kernel detaches it with its last descriptor (autoclear)
      removed.add(loop.path().toString());
    }
    for (Path file : files) {
      try {
        Files.deleteIfExists(file);
        removed.add(file.toString());
      } catch (IOException e) {
        failure = first(failure, new IOException("cannot delete the scratch disk " + file + ": " + e, e));
      }
    }
    try {
      Files.deleteIfExists(directory);
      removed.add(directory.toString());
    } catch (IOException e) {
      failure = first(failure, new IOException("cannot delete " + directory + ": " + e, e));
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static IOException first(IOException first, IOException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
