package io.github.pathcheck.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The system-wide aio counters in {@code /proc/sys/fs}. */
final class AioLimits {
  private static final Path AIO_NR = Path.of("/proc/sys/fs/aio-nr");

  private AioLimits() {}

  /**
   * Returns {@code fs.aio-nr}: the aio events reserved by every context of every process. (Read by lines:
   * on this kernel a one-shot read of a sysctl file returns only its first byte.)
   */
  static long aioNr() {
    try {
      List<String> lines = Files.readAllLines(AIO_NR);
      return Long.parseLong(lines.get(0).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + AIO_NR, e);
    }
  }
}
