package io.github.pathcheck.lab;

import io.github.pathcheck.testkit.PrivilegedTests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Boots the kernel lab once ({@code lab/run}), runs {@link GuestScenarios} in it on this module's test class
 * path (the jars and classes the build already made), and reports each scenario as a test of its own.
 *
 * <p>Without the lab set up ({@code lab/setup}), {@link #theLabIsSetUp} is skipped with a message saying so,
 * or fails when {@code PATHCHECK_REQUIRE_PRIVILEGED_TESTS=1}, as in CI, and no scenario runs. Exclude the
 * class with {@code -DexcludedGroups=lab}.
 */
@Tag("lab")
class KernelLabTest {
  /** lab/run's own time limit; the whole run takes a few minutes. */
  private static final int LAB_TIMEOUT_SECONDS = 900;

  private static final String NEEDS =
      "the kernel lab: run lab/setup (as root: it installs qemu and Debian's kernel)";

  private static boolean labSetUp;
  private static LabRun lab;

  /** Boots the lab and runs every scenario, when the lab is set up. */
  @BeforeAll
  static void runTheScenariosInTheLab() throws Exception {
    Path repo = repositoryRoot();
    labSetUp = labIsSetUp(repo);
    if (!labSetUp) {
      return;
    }

    // To run it again by hand: PATHCHECK_LAB_CLASSPATH=$(cat classpath.txt) lab/run ... (the script)
    lab =
        LabRun.run(repo, "lab-results", "lab/tests/src/test/guest/run-scenarios", LAB_TIMEOUT_SECONDS, true);
  }

  /** Skipped without the lab set up, with a message saying to run lab/setup; fails so in CI. */
  @Test
  void theLabIsSetUp() {
    PrivilegedTests.assumePrivilege(labSetUp, NEEDS);
  }

  @TestFactory
  Stream<DynamicTest> everyScenarioPassesOnRealDevices() throws IOException {
    return labSetUp ? lab.scenarioTests(GuestScenarios.names(), "scenarios.txt").stream() : Stream.empty();
  }

  /** Returns whether the lab is set up: {@code lab/setup --print} exits 0. */
  static boolean labIsSetUp(Path repo) throws IOException, InterruptedException {
    Process setup =
        new ProcessBuilder(repo.resolve("lab/setup").toString(), "--print")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    return setup.waitFor(60, TimeUnit.SECONDS) && setup.exitValue() == 0;
  }

  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isExecutable(dir.resolve("lab/run"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no lab/run above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  static String tail(Path file, int lines) throws IOException {
    if (!Files.exists(file)) {
      return "(no console output)";
    }
    List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(p);
      }
    }
  }
}
