package io.github.pathcheck.lab;

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
  @Test
  void aHotAddedScsiDiskAppearsInTheAgentsMetricsAndARemovedOneDisappears() throws Exception {
    AgentLabScript script = AgentLabScript.run("agent-hotplug");
    script.assertLines("the script's checks")
        .anyMatch(line -> line.contains("AGENT PASS hot-added /dev/sd"))
        .anyMatch(line -> line.contains("AGENT PASS removed /dev/sd"));
    script.assertEnded();
  }
}
