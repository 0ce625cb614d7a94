package io.github.pathcheck.lab;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The agent on native NVMe multipath ({@code lab/examples/agent-nvme}): the packaged agent, started from a config
 * file, discovers the two per-controller paths of an nvmet namespace itself and serves them in {@code /metrics}
 * up with the ana checker, by name with their controller and nsid, and not the head; a port's ANA group made
 * inaccessible turns its path ghost while the other stays up; a deleted controller's path leaves, and a controller
 * connected while the agent runs has its path watched. Runs after the agent is packaged (this module depends on it
 * for that order); skipped without the lab set up, failed so in CI.
 */
@Tag("lab")
class AgentNvmeLabTest {
  @Test
  void theAgentWatchesEachPerControllerPathOfANativeMultipathNamespaceWithAna() throws Exception {
    AgentLabScript script = AgentLabScript.run("agent-nvme");
    script.assertLines("the script's checks")
        .anyMatch(line -> line.matches("AGENT PASS the agent found nvme\\d+c\\d+n\\d+ itself: up, checker ana, "
            + "through /dev/nvme\\d+, nsid 1"))
        .filteredOn(line -> line.startsWith("AGENT PASS the agent found nvme")).hasSize(2);
    script.assertLines("the head")
        .anyMatch(line -> line.matches("AGENT PASS the head /dev/nvme\\d+n1 is not watched as a path: .*"));
    script.assertLines("the script's checks")
        .anyMatch(line -> line.matches(
            "AGENT PASS nvme\\d+c\\d+n\\d+ is ghost once port 2's ANA group is inaccessible"))
        .anyMatch(line -> line.matches("AGENT PASS nvme\\d+c\\d+n\\d+ stays up"))
        .anyMatch(line -> line.matches("AGENT PASS nvme\\d+c\\d+n\\d+ leaves /metrics once its controller .*"))
        .anyMatch(line -> line.startsWith("AGENT PASS hot-added nvme"));
    script.assertEnded();
  }
}
