package io.github.pathcheck.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's memory, for the benchmarks: the Java heap in use and the resident set. */
final class ProcessMemory {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final int GC_PASSES = 3;

  private ProcessMemory() {}

  /**
   * Returns the bytes of Java heap in use after a few full collections: what live objects take, give or take
   * what the collector keeps for itself.
   */
  static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < GC_PASSES; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  /**
   * Returns {@code VmRSS} of {@code /proc/self/status} in bytes: the pages of this process in physical memory,
   * native and heap. (Read by lines, like every {@code /proc} file here.)
   */
  static long residentBytes() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmRSS:")) {
          String kib = line.substring("VmRSS:".length()).trim().split("\\s+")[0];
          return Long.parseLong(kib) * 1024;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + STATUS, e);
    }
    throw new IllegalStateException(STATUS + " has no VmRSS line");
  }
}
