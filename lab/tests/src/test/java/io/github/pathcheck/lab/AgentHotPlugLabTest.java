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
 * The agent's hot-plug on real SCSI disks ({@code lab/examples/agent-hotplug}): the packaged agent discovers a
 * scsi_debug disk itself, a disk hot-added while it runs appears in {@code /metrics} and, once removed,
 * disappears and is closed. Runs after the agent is packaged (this module depends on it for that order);
 * skipped without the lab set up, failed so in CI.
 */
@Tag("lab")
class AgentHotPlugLabTest {
  private static final int LAB_TIMEOUT_SECONDS = 600;

  @Test
  void aHotAddedScsiDiskAppearsInTheAgentsMetricsAndARemovedOneDisappears() throws Exception {
    Path repo = KernelLabTest.repositoryRoot();
    PrivilegedTests.assumePrivilege(
        KernelLabTest.labIsSetUp(repo), "the kernel lab: run lab/setup (as root: it installs qemu and Debian's kernel)");
    assertThat(repo.resolve("pathcheck-agent/target/pathcheck-agent.jar")).as("the packaged agent").exists();

    LabRun lab = LabRun.run(repo, "agent-hotplug", "lab/examples/agent-hotplug", LAB_TIMEOUT_SECONDS, false);
    int exit = lab.exit();
    List<String> lines = lab.consoleLines();
    String tail = lab.consoleTail(40);
    List<String> failed = lines.stream().filter(line -> line.contains("AGENT FAIL")).collect(Collectors.toList());
    assertThat(failed).as("failed agent checks; console tail:%n%s", tail).isEmpty();
    assertThat(lines).as("the script's checks; console tail:%n%s", tail)
        .anyMatch(line -> line.contains("AGENT PASS hot-added /dev/sd"))
        .anyMatch(line -> line.contains("AGENT PASS removed /dev/sd"))
        .anyMatch(line -> line.contains("AGENT 0 failure(s)"));
    assertThat(exit).as("lab/run exit status; console tail:%n%s", tail).isZero();
  }
}
