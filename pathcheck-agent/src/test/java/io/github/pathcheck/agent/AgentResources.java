package io.github.pathcheck.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/** What the agent's tests check an agent leaves behind: its threads, and the descriptors of its devices. */
final class AgentResources {
  /** A bound for a device to be closed, far above what closing takes. */
  private static final long BOUND_SECONDS = 30;

  private AgentResources() {}

  /** Returns the live threads named as the agent names its own, {@code pathcheck-agent*}. */
  static Set<Thread> liveAgentThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("pathcheck-agent") && t.isAlive())
        .collect(Collectors.toSet());
  }

  /** Waits until no descriptor of this process refers to {@code device}; fails after the bound. */
  static void awaitClosed(Path device) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
    while (opens(device)) {
      assertThat(System.nanoTime() - deadline).as("%s still open after %d s", device, BOUND_SECONDS).isNegative();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  /** Returns whether a descriptor of this process refers to {@code device} (its real path, if it exists). */
  static boolean opens(Path device) throws IOException {
    Path target = Files.exists(device) ? device.toRealPath() : device.toAbsolutePath();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path fd : fds) {
        try {
          if (Files.readSymbolicLink(fd).equals(target)) {
            return true;
          }
        } catch (IOException e) {
          // closed while listed
        }
      }
    }
    return false;
  }
}
