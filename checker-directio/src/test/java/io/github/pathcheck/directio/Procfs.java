package io.github.pathcheck.directio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.testkit.ResourceSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** What {@code /proc} says about aio contexts and descriptors, for the tests that prove releases. */
final class Procfs {
  private Procfs() {}

  /**
   * Returns the descriptors this process has open and what each refers to, not counting the JVM's own class
   * path jars (which it opens the first time it loads a class from one): the testkit's {@link
   * ResourceSnapshot} view.
   */
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

  /** Returns the {@code flags:} of {@code /proc/self/fdinfo/<fd>}: the status flags plus O_CLOEXEC. */
  static int fdFlags(int fd) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo", Integer.toString(fd)))) {
        if (line.startsWith("flags:")) {
          return Integer.parseInt(line.substring("flags:".length()).trim(), 8);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("no flags line for fd " + fd);
  }

  /**
   * Waits for the live threads whose name starts with {@code prefix} to end (a thread may end a moment after
   * it signalled the release it made), and fails, naming them, if any is still alive after a minute.
   */
  static void awaitThreadsEnd(String prefix) throws InterruptedException {
    for (Thread thread : threadsNamed(prefix)) {
      thread.join(60_000);
    }
    assertThat(threadsNamed(prefix)).as("threads named " + prefix + "*").isEmpty();
  }

  /** Returns the live threads whose name starts with {@code prefix}. */
  static java.util.List<Thread> threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
        .toList();
  }
}
