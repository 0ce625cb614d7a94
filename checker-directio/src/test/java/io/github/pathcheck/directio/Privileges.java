package io.github.pathcheck.directio;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Tests that need root: they skip when not root, but fail when {@code PATHCHECK_REQUIRE_PRIVILEGED_TESTS=1}.
 * Also loop devices. (checker-testkit will provide the shared version of this.)
 */
final class Privileges {
  private Privileges() {}

  static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.split("\\s+")[2].equals("0"); // the effective uid
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/self/status", e);
    }
    throw new IllegalStateException("no Uid line in /proc/self/status");
  }

  /** Skips (or fails, when privileged tests are required) unless the test runs as root. */
  static void assumeRoot(String need) {
    if (isRoot()) {
      return;
    }
    String message = "needs root for " + need + "; run the tests as root";
    if ("1".equals(System.getenv("PATHCHECK_REQUIRE_PRIVILEGED_TESTS"))) {
      fail(message + " (PATHCHECK_REQUIRE_PRIVILEGED_TESTS=1 forbids skipping)");
    }
    abort(message);
  }

  /** A loop device over a file ({@code losetup -f --show}); {@link #close()} detaches it. */
  static final class LoopDevice implements AutoCloseable {
    final Path path;

    private LoopDevice(Path path) {
      this.path = path;
    }

    static LoopDevice attach(Path backingFile) throws IOException, InterruptedException {
      return new LoopDevice(Path.of(run("losetup", "-f", "--show", backingFile.toString()).trim()));
    }

    @Override
    public void close() throws IOException, InterruptedException {
      run("losetup", "-d", path.toString());
    }

    private static String run(String... command) throws IOException, InterruptedException {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", command) + " failed: " + output);
      }
      return output;
    }
  }
}
