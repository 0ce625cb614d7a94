package io.github.pathcheck.lab;

import io.github.pathcheck.testkit.PrivilegedTests;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Boots the kernel lab once ({@code lab/run}), runs {@link NvmeGuestScenarios} in it on this module's test class
 * path, and reports each scenario of the ana checker on real NVMe/TCP paths as a test of its own.
 *
 * <p>Without the lab set up ({@code lab/setup}), {@link #theLabIsSetUp} is skipped with a message saying so, or
 * fails when {@code PATHCHECK_REQUIRE_PRIVILEGED_TESTS=1}, and no scenario runs. Exclude the class with {@code
 * -DexcludedGroups=lab}.
 */
@Tag("lab")
class NvmeLabTest {
  private static final int LAB_TIMEOUT_SECONDS = 900;
  private static final String NEEDS = "the kernel lab: run lab/setup (as root: it installs qemu and Debian's kernel)";

  private static boolean labSetUp;
  private static LabRun lab;

  /** Boots the lab and runs every NVMe scenario, when the lab is set up. */
  @BeforeAll
  static void runTheScenariosInTheLab() throws Exception {
    Path repo = KernelLabTest.repositoryRoot();
    labSetUp = KernelLabTest.labIsSetUp(repo);
    if (!labSetUp) {
      return;
    }
    // To run it again by hand: PATHCHECK_LAB_CLASSPATH=$(cat classpath.txt) lab/run ... (the script)
    lab =
        LabRun.run(
            repo, "nvme-lab-results", "lab/tests/src/test/guest/run-nvme-scenarios", LAB_TIMEOUT_SECONDS, true);
  }

  /** Skipped without the lab set up, with a message saying to run lab/setup; fails so in CI. */
  @Test
  void theLabIsSetUp() {
    PrivilegedTests.assumePrivilege(labSetUp, NEEDS);
  }

  @TestFactory
  Stream<DynamicTest> everyAnaAnswerOnRealNvmePaths() throws IOException {
    return labSetUp ? lab.scenarioTests(NvmeGuestScenarios.names(), "nvme-scenarios.txt").stream() : Stream.empty();
  }
}
