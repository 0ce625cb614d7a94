package io.github.pathcheck.examples.cli;

import io.github.pathcheck.nativeio.AioUsage;
import io.github.pathcheck.testkit.ResourceSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a command could leave behind, read from {@code /proc} and {@code /sys}: this process's descriptors
 * and aio contexts, its checker threads, and loop devices over files in a directory.
 */
final class ProcessResources {
  private ProcessResources() {}

  /** This process's open descriptors and their targets, as the testkit sees them (not the JVM's own jars). */
  static Map<Integer, String> openFds() {
    return ResourceSnapshot.take().openFds();
  }
  /**
   * Returns the descriptors open now that were not open, to the same file, in {@code before}: what a test
   * has left open. Not an equality of the two maps, since the JVM opens and closes files of its own meanwhile
   * (its container support reads the cgroup's {@code memory.stat}).
   */
  static Map<Integer, String> fdsOpenedSince(Map<Integer, String> before) {
    Map<Integer, String> opened = new TreeMap<>(openFds());
    opened.entrySet().removeIf(fd -> fd.getValue().equals(before.get(fd.getKey())));
    return opened;
  }


  /** This process's aio contexts: one {@code [aio]} mapping each. */
  static long aioContexts() {
    return AioUsage.contextsOfThisProcess();
  }

  /**
   * Waits for the checkers' own threads (tur's workers, directio's io_destroy threads, a monitor thread) to
   * end, at most {@code millis} each, and returns the names of those still alive.
   */
  static List<String> checkerThreadsAfterJoin(long millis) throws InterruptedException {
    List<String> alive = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      String name = thread.getName();
      if (name.startsWith("pathcheck-tur") || name.startsWith("directio-") || name.endsWith("-monitor")) {
        thread.join(millis);
        if (thread.isAlive()) {
          alive.add(name);
        }
      }
    }
    return alive;
  }

  /** The loop devices whose backing file is under {@code directory}, from {@code /sys/block/loop*}. */
  static List<String> loopDevicesOver(Path directory) throws IOException {
    List<String> found = new ArrayList<>();
    String prefix = directory.toAbsolutePath().toString() + "/";
    try (Stream<Path> blocks = Files.list(Path.of("/sys/block"))) {
      for (Path block : (Iterable<Path>) blocks::iterator) {
        Path backing = block.resolve("loop").resolve("backing_file");
        if (!block.getFileName().toString().startsWith("loop") || !Files.isReadable(backing)) {
          continue;
        }
        String file;
        try {
          file = Files.readString(backing).trim();
        } catch (IOException detachedMeanwhile) {
          continue;
        }
        if (file.startsWith(prefix)) {
          found.add("/dev/" + block.getFileName() + " over " + file);
        }
      }
    }
    return found;
  }
}
