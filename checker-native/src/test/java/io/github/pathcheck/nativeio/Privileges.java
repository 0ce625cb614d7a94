package io.github.pathcheck.nativeio;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tests that need root: they skip when not root, but fail when {@code PATHCHECK_REQUIRE_PRIVILEGED_TESTS=1}.
 * (checker-testkit will provide the shared version of this.)
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
    skipOrFail("needs root for " + need + "; run the tests as root");
  }

  /**
   * Skips the test with {@code message}, or fails it when {@code PATHCHECK_REQUIRE_PRIVILEGED_TESTS=1} (as in
   * CI, where everything a test needs is installed and nothing may skip).
   */
  static void skipOrFail(String message) {
    if ("1".equals(System.getenv("PATHCHECK_REQUIRE_PRIVILEGED_TESTS"))) {
      fail(message + " (PATHCHECK_REQUIRE_PRIVILEGED_TESTS=1 forbids skipping)");
    }
    abort(message);
  }
}
