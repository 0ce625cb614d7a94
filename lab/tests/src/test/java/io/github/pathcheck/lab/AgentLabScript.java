package io.github.pathcheck.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.testkit.PrivilegedTests;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.ListAssert;

/**
 * A script of {@code lab/examples} that drives the packaged agent in the guest and prints one {@code AGENT
 * PASS} or {@code AGENT FAIL} line per check and {@code AGENT <n> failure(s)} at its end: run once in the lab,
 * with its failed checks asserted away, for a test to assert its own lines ({@link #assertLines}) and then
 * {@link #assertEnded()}.
 */
final class AgentLabScript {
  private static final int LAB_TIMEOUT_SECONDS = 600;

  private final LabRun lab;
  private final List<String> lines;
  private final String tail;

  private AgentLabScript(LabRun lab) throws IOException {
    this.lab = lab;
    this.lines = lab.consoleLines();
    this.tail = lab.consoleTail(40);
  }

  /**
   * Runs {@code lab/examples/<name>} after the agent is packaged (the module depends on it for that order);
   * skips without the lab set up, and fails so in CI.
   */
  static AgentLabScript run(String name) throws Exception {
    Path repo = KernelLabTest.repositoryRoot();
    PrivilegedTests.assumePrivilege(
        KernelLabTest.labIsSetUp(repo), "the kernel lab: run lab/setup (as root: it installs qemu and Debian's kernel)");
    assertThat(repo.resolve("pathcheck-agent/target/pathcheck-agent.jar")).as("the packaged agent").exists();
    AgentLabScript script =
        new AgentLabScript(LabRun.run(repo, name, "lab/examples/" + name, LAB_TIMEOUT_SECONDS, false));
    List<String> failed =
        script.lines.stream().filter(line -> line.contains("AGENT FAIL")).collect(Collectors.toList());
    assertThat(failed).as("failed agent checks; console tail:%n%s", script.tail).isEmpty();
    return script;
  }

  /** Starts an assertion on the guest's console lines, described as {@code what} and with the console's tail. */
  ListAssert<String> assertLines(String what) {
    return assertThat(lines).as("%s; console tail:%n%s", what, tail);
  }

  /** Asserts that the script reached its end with no failure and the lab exited 0. */
  void assertEnded() {
    assertLines("the script's end")
        .anyMatch(line -> line.contains("AGENT 0 failure(s)"));
    assertThat(lab.exit()).as("lab/run exit status; console tail:%n%s", tail).isZero();
  }
}
