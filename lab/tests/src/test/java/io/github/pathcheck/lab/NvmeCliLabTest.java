package io.github.pathcheck.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.pathcheck.testkit.PrivilegedTests;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The ana checker through the packaged CLI on real NVMe/TCP paths ({@code lab/examples/nvme-paths}): {@code
 * pathcheck list}, {@code check} and {@code watch} on two controllers of one subsystem while port 2's ANA state
 * and link change; every expected line must come. Runs after the CLI is packaged (this module builds after
 * {@code examples}); skipped without the lab set up, failed so in CI.
 */
@Tag("lab")
class NvmeCliLabTest {
  private static final int LAB_TIMEOUT_SECONDS = 900;

  @Test
  void listCheckAndWatchTakeNvmeControllerNodesAsPaths() throws Exception {
    Path repo = KernelLabTest.repositoryRoot();
    PrivilegedTests.assumePrivilege(
        KernelLabTest.labIsSetUp(repo), "the kernel lab: run lab/setup (as root: it installs qemu and Debian's kernel)");
    assertThat(repo.resolve("examples/cli/target/pathcheck-cli.jar")).as("the packaged CLI the checks run").exists();

    LabRun lab = LabRun.run(repo, "nvme-cli", "lab/examples/nvme-paths", LAB_TIMEOUT_SECONDS, false);
    int exit = lab.exit();
    List<String> lines = lab.consoleLines();
    String tail = lab.consoleTail(60);
    List<String> failed = lines.stream().filter(line -> line.contains("NVME FAIL")).collect(Collectors.toList());
    assertThat(failed).as("failed checks; console tail:%n%s", tail).isEmpty();
    assertThat(lines).as("the script's own count; console tail:%n%s", tail).anyMatch(line -> line.contains("NVME 0 failure(s)"));
    assertThat(lines.stream().filter(line -> line.contains("NVME PASS")).count())
        .as("checks that passed; console tail:%n%s", tail)
        .isGreaterThanOrEqualTo(17);
    assertThat(exit).as("lab/run exit status; console tail:%n%s", tail).isZero();
  }
}
