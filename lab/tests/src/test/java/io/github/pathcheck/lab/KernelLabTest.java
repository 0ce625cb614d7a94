package io.github.pathcheck.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.pathcheck.testkit.PrivilegedTests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  private static Map<String, String> outcomes;
  private static int exit;
  private static String consoleTail;

  /** Boots the lab and runs every scenario, when the lab is set up. */
  @BeforeAll
  static void runTheScenariosInTheLab() throws Exception {
    Path repo = repositoryRoot();
    labSetUp = labIsSetUp(repo);
    if (!labSetUp) {
      return;
    }

    // To run it again by hand: PATHCHECK_LAB_CLASSPATH=$(cat classpath.txt) lab/run ... (the script)
    LabRun lab =
        LabRun.run(repo, "lab-results", "lab/tests/src/test/guest/run-scenarios", LAB_TIMEOUT_SECONDS, true);
    exit = lab.exit();
    outcomes = lab.scenarioOutcomes("scenarios.txt");
    consoleTail = lab.consoleTail(60);
  }

  /** Skipped without the lab set up, with a message saying to run lab/setup; fails so in CI. */
  @Test
  void theLabIsSetUp() {
    PrivilegedTests.assumePrivilege(labSetUp, NEEDS);
  }

  @TestFactory
  Stream<DynamicTest> everyScenarioPassesOnRealDevices() {
    if (!labSetUp) {
      return Stream.empty();
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (String name : GuestScenarios.names()) {
      tests.add(
          DynamicTest.dynamicTest(
              name,
              () -> {
                String outcome = outcomes.get(name);
                if (outcome == null) {
                  fail("no result for " + name + " (lab/run exit " + exit + "); console tail:\n" + consoleTail);
                }
                assertThat(outcome).as(name).startsWith("PASS");
              }));
    }
    tests.add(
        DynamicTest.dynamicTest(
            "every scenario reported, lab/run exit 0",
            () -> {
              assertThat(outcomes.keySet())
                  .as("scenarios reported")
                  .containsExactlyElementsOf(GuestScenarios.names());
              assertThat(exit).as("lab/run exit status; console tail:\n" + consoleTail).isZero();
            }));
    return tests.stream();
  }

  /** The scenario lines of the results file: name to "PASS detail" or "FAIL detail". */

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
