package io.github.pathcheck.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A scratch disk: a file of data in a temporary directory, deleted with the directory on {@link #close()}.
 * The directory is under {@code java.io.tmpdir}, which must be on a file system that supports {@code O_DIRECT}
 * for directio.
 */
final class ScratchFile implements AutoCloseable {
  private final Path directory;
  private final Path file;

  private ScratchFile(Path directory, Path file) {
    this.directory = directory;
    this.file = file;
  }

  /** Creates {@code name} of {@code size} bytes (a pattern, not zeros, so reads move real data). */
  static ScratchFile create(String name, int size) throws IOException {
    Path directory = Files.createTempDirectory("pathcheck-");
    Path file = directory.resolve(name);
    ByteBuffer data = ByteBuffer.allocate(size);
    for (int i = 0; i < size; i++) {
      data.put((byte) (i * 31));
    }
    data.flip();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      while (data.hasRemaining()) {
        channel.write(data);
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      Files.deleteIfExists(directory);
      throw e;
    }
    return new ScratchFile(directory, file);
  }

  Path path() {
    return file;
  }

  /** Deletes the file and its directory. Idempotent. */
  @Override
  public void close() {
    try {
      Files.deleteIfExists(file);
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the scratch disk " + file, e);
    }
  }
}
