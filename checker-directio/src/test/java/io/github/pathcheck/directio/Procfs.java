package io.github.pathcheck.directio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code /proc} says about a descriptor's flags, and the threads of directio, for the tests that prove
 * releases; descriptors, threads and aio contexts left behind are the testkit's {@link
 * io.github.pathcheck.testkit.ResourceSnapshot}'s.
 */
final class Procfs {
  /**
   * How long the tests give what directio released to be gone (an io_destroy thread ends a moment after it
   * signalled its release): the margin the tests give {@code ResourceSnapshot.leaksSince}.
   */
  static final Duration LEAK_MARGIN = Duration.ofMinutes(1);

  private Procfs() {}

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
