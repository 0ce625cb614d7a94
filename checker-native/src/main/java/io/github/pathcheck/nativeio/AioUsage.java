package io.github.pathcheck.nativeio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * How much Linux aio is in use: system-wide, the sysctls {@code fs.aio-max-nr} (the events all aio contexts of
 * all processes may reserve) and {@code fs.aio-nr} (the events they reserve now; {@code io_setup(n)} reserves
 * about n); and this process's own contexts, one {@code [aio]} mapping each in {@code /proc/self/maps}, which
 * other processes cannot disturb. Stateless and thread-safe.
 *
 * <p>The sysctls are read line by line: on some kernels a single read of a sysctl file into a large buffer
 * ({@code Files.readString}, {@code readAllBytes}) returns only its first byte.
 */
public final class AioUsage {
  private static final Path AIO_NR = Path.of("/proc/sys/fs/aio-nr");
  private static final Path AIO_MAX_NR = Path.of("/proc/sys/fs/aio-max-nr");

  private static final Path MAPS = Path.of("/proc/self/maps");

  private AioUsage() {}

  /** Returns {@code fs.aio-nr}, the aio events reserved now by every process, or -1 if it cannot be read. */
  public static long aioNr() {
    return read(AIO_NR);
  }

  /** Returns {@code fs.aio-max-nr}, the system-wide limit of aio events, or -1 if it cannot be read. */
  public static long aioMaxNr() {
    return read(AIO_MAX_NR);
  }

  /**
   * Returns how many aio contexts this process holds now: its {@code [aio]} mappings.
   *
   * @throws java.io.UncheckedIOException if {@code /proc/self/maps} cannot be read
   */
  public static int contextsOfThisProcess() {
    try (Stream<String> maps = Files.lines(MAPS)) {
      return (int) maps.filter(line -> line.contains("/[aio]")).count();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + MAPS + "; pathcheck runs on Linux only", e);
    }
  }

  private static long read(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }
}
