package io.github.pathcheck.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.pathcheck.testkit.PrivilegedTests;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The SCSI checkers' states on the lab's scriptable SCSI device ({@code lab/examples/scripted-scsi}: a TCMU
 * handler answering each command from a file, behind a real SCSI disk and its sg node): the packaged CLI checks
 * the LUN after each answer is written, and every expected line must come. Runs after the CLI is packaged (this
 * module builds after {@code examples}); skipped without the lab set up, failed so in CI.
 */
class ScriptedScsiLabTest {
  private static final int LAB_TIMEOUT_SECONDS = 900;

  @Test
  void everyScsiCheckerStateAnswersThroughSgIoOnTheScriptedDevice() throws Exception {
    Path repo = KernelLabTest.repositoryRoot();
    PrivilegedTests.assumePrivilege(
        KernelLabTest.labIsSetUp(repo), "the kernel lab: run lab/setup (as root: it installs qemu and Debian's kernel)");
    Path cli = repo.resolve("examples/cli/target/pathcheck-cli.jar");
    assertThat(cli).as("the packaged CLI the scripted checks run").exists();

    LabRun lab = LabRun.run(repo, "scripted-scsi", "lab/examples/scripted-scsi", LAB_TIMEOUT_SECONDS, false);
    int exit = lab.exit();
    List<String> lines = lab.consoleLines();
    List<String> failed =
        lines.stream().filter(line -> line.contains("SCRIPTED FAIL")).collect(Collectors.toList());
    String tail = lab.consoleTail(60);
    assertThat(failed).as("failed scripted checks; console tail:%n%s", tail).isEmpty();
    assertThat(lines).as("the script's own count; console tail:%n%s", tail).anyMatch(line -> line.contains("SCRIPTED 0 failure(s)"));
    assertThat(lines.stream().filter(line -> line.contains("SCRIPTED PASS")).count())
        .as("scripted checks that passed; console tail:%n%s", tail)
        .isPositive();
    assertThat(exit).as("lab/run exit status; console tail:%n%s", tail).isZero();
  }
}
