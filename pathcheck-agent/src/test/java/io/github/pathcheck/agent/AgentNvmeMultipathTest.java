package io.github.pathcheck.agent;

import static io.github.pathcheck.agent.AgentResources.awaitClosed;
import static io.github.pathcheck.agent.AgentResources.opens;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.monitor.PathStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-controller paths of native NVMe multipath on a directory laid out as sysfs lays them out: hidden disks
 * {@code nvme<s>c<c>n<n>} without a node, watched by name through their controller's node (here a file, which
 * the ana checker answers wild) with the ana checker and the namespace's nsid, unless the file's device entry says
 * otherwise; the controller's events have the agent discover again, then and for a while after.
 */
@ExtendWith(NoAgentThreadLeft.class)
class AgentNvmeMultipathTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** A bound for the first checks to come, far above what they take. */
  private static final long BOUND_SECONDS = 30;

  @TempDir Path dir;
  private void attribute(String relative, String value) throws IOException {
    Path file = dir.resolve("sys/block").resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, value + "\n");
  }

  /** A per-controller path's hidden disk, and its controller's node (a file). */
  private void controllerPath(String name, int controller, int nsid) throws IOException {
    attribute(name + "/nsid", Integer.toString(nsid));
    attribute(name + "/wwid", "uuid.4a1f-" + nsid);
    attribute(name + "/device/model", "Linux");
    Files.createDirectories(dir.resolve("dev"));
    Path node = dir.resolve("dev/nvme" + controller);
    if (!Files.exists(node)) {
      Files.write(node, new byte[4096]);
    }
  }

  private static AgentConfig config(String sections) throws ConfigSyntaxException {
    return ConfigReader.read(Path.of("test.conf"), "defaults {\n path_checker tur\n polling_interval 1\n}\n"
        + sections + "pathcheck {\n discover yes\n listen_port 0\n}\n");
  }

  private Agent agent(String sections, BlockingQueue<PathStatus> answers) throws Exception {
    return Agent.start(config(sections), new SysfsDiscovery(dir.resolve("sys/block"), dir.resolve("dev")),
        answers::add);
  }

  private static String get(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  /** Waits until every path of {@code paths} has answered; fails after the bound. */
  private static void awaitAnswersFor(BlockingQueue<PathStatus> answers, Set<Path> paths)
      throws InterruptedException {
    Set<Path> waiting = new java.util.HashSet<>(paths);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
    while (!waiting.isEmpty()) {
      PathStatus answer = answers.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      assertThat(answer).as("answers for %s within %d s", waiting, BOUND_SECONDS).isNotNull();
      waiting.remove(answer.path());
    }
  }

  private static List<String> stateLines(String metrics) {
    return metrics.lines().filter(l -> l.startsWith("pathcheck_path_state{") && l.endsWith(" 1"))
        .collect(Collectors.toList());
  }

  @Test
  void eachPerControllerPathIsWatchedByNameWithAnaAndItsNsidThroughItsControllersNode() throws Exception {
    controllerPath("nvme0c1n1", 1, 1);
    controllerPath("nvme0c2n1", 2, 1);
    controllerPath("nvme0c1n2", 1, 7);
    BlockingQueue<PathStatus> answers = new LinkedBlockingQueue<>();

    try (Agent agent = agent("", answers)) {
      Set<Path> paths = Set.of(Path.of("nvme0c1n1"), Path.of("nvme0c1n2"), Path.of("nvme0c2n1"));
      assertThat(agent.monitor().snapshot().keySet()).containsExactlyInAnyOrderElementsOf(paths);
      awaitAnswersFor(answers, paths);

      // a file is no controller: ana answers wild, which shows that ana, not tur, checked it
      String node1 = dir.resolve("dev/nvme1").toString();
      assertThat(stateLines(get(agent.port(), "/metrics")))
          .anyMatch(l -> l.contains("checker=\"ana\"") && l.contains("controller=\"" + node1 + "\"")
              && l.contains("nsid=\"7\"") && l.contains("path=\"nvme0c1n2\"")
              && l.contains("pathcheck_path_state=\"wild\""))
          .anyMatch(l -> l.contains("path=\"nvme0c2n1\"") && l.contains("nsid=\"1\"")
              && l.contains("controller=\"" + dir.resolve("dev/nvme2") + "\"") && l.contains("checker=\"ana\""))
          .hasSize(3);
      assertThat(get(agent.port(), "/paths"))
          .contains("\"path\":\"nvme0c1n1\",\"checker\":\"ana\"")
          .contains("\"controller\":\"" + node1 + "\",\"nsid\":1}")
          .contains("\"controller\":\"" + node1 + "\",\"nsid\":7}");
    }
  }

  @Test
  void aDeviceEntryOfTheFileOverridesAnaAndTheBlacklistTakesThePathsName() throws Exception {
    controllerPath("nvme0c1n1", 1, 1);
    controllerPath("nvme0c2n1", 2, 1);
    BlockingQueue<PathStatus> answers = new LinkedBlockingQueue<>();

    try (Agent agent = agent("blacklist {\n devnode \"^nvme0c2\"\n}\n"
        + "devices {\n device {\n  vendor \"NVME\"\n  path_checker none\n }\n}\n", answers)) {
      assertThat(agent.monitor().snapshot().keySet()).containsExactly(Path.of("nvme0c1n1"));
      awaitAnswersFor(answers, Set.of(Path.of("nvme0c1n1")));

      assertThat(stateLines(get(agent.port(), "/metrics"))).singleElement().satisfies(l -> assertThat(l)
          .contains("checker=\"none\"", "path=\"nvme0c1n1\"", "pathcheck_path_state=\"up\""));
    }
  }

  @Test
  void aReloadSwitchesAPerControllerPathBetweenAnaAndTheFilesChecker() throws Exception {
    controllerPath("nvme0c1n1", 1, 1);
    String none = "devices {\n device {\n  vendor \"NVME\"\n  path_checker none\n }\n}\n";
    try (Agent agent = agent("", new LinkedBlockingQueue<>())) {
      assertThat(agent.monitor().snapshot().get(Path.of("nvme0c1n1")).checkerName()).isEqualTo("ana");

      agent.reload(config(none));
      assertThat(agent.monitor().snapshot().get(Path.of("nvme0c1n1")).checkerName()).isEqualTo("none");

      // back to ana, which takes the nsid again (none would have refused it)
      agent.reload(config(""));
      assertThat(agent.monitor().snapshot().get(Path.of("nvme0c1n1")).checkerName()).isEqualTo("ana");
      assertThat(agent.watchedCount()).isOne();
    }
  }

  /** Waits until the agent watches {@code name}; fails after the bound. */
  private static void awaitWatched(Agent agent, String name) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
    while (!agent.monitor().snapshot().containsKey(Path.of(name))) {
      assertThat(System.nanoTime() - deadline).as("%s watched within %d s", name, BOUND_SECONDS).isNegative();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  @Test
  void aPathTheKernelScansAfterItsControllersLastEventIsWatchedAllTheSame() throws Exception {
    controllerPath("nvme0c1n1", 1, 1);
    try (Agent agent = agent("", new LinkedBlockingQueue<>())) {
      agent.nvmeControllerChanged("nvme2");
      assertThat(agent.watchedCount()).isOne();

      controllerPath("nvme0c2n1", 2, 1); // the namespace scan of controller 2 ends, without an event

      awaitWatched(agent, "nvme0c2n1");
    }
  }

  @Test
  void aNewNamespacesPathsThroughTheOtherControllersAreWatchedAfterItsHeadsAdd() throws Exception {
    controllerPath("nvme0c1n1", 1, 1);
    controllerPath("nvme0c2n1", 2, 1);
    try (Agent agent = agent("blacklist {\n devnode \"^nvme[0-9]+n\"\n}\n", new LinkedBlockingQueue<>())) {
      controllerPath("nvme0c1n2", 1, 2); // namespace 2's first path, then its head: the only event
      agent.diskAdded("nvme0n2");
      assertThat(agent.monitor().snapshot()).containsKey(Path.of("nvme0c1n2")).hasSize(3);

      controllerPath("nvme0c2n2", 2, 2); // controller 2's scan of namespace 2 ends later, without an event

      awaitWatched(agent, "nvme0c2n2");
    }
  }

  @Test
  void aControllersEventHasTheAgentWatchItsNewPathsAndDropItsGoneOnes() throws Exception {
    controllerPath("nvme0c1n1", 1, 1);
    controllerPath("nvme0c2n1", 2, 1);
    try (Agent agent = agent("", new LinkedBlockingQueue<>())) {
      controllerPath("nvme0c3n1", 3, 1);
      agent.rediscover(); // as a controller's event has it
      assertThat(agent.monitor().snapshot().keySet())
          .containsExactlyInAnyOrder(Path.of("nvme0c1n1"), Path.of("nvme0c2n1"), Path.of("nvme0c3n1"));

      Path node2 = dir.resolve("dev/nvme2");
      assertThat(opens(node2)).isTrue();

      // the kernel removes a controller's path disks before the controller
      for (String attribute : List.of("nsid", "wwid", "device/model", "device", "")) {
        Files.delete(dir.resolve("sys/block/nvme0c2n1").resolve(attribute));
      }
      agent.rediscover();

      assertThat(agent.monitor().snapshot().keySet())
          .containsExactlyInAnyOrder(Path.of("nvme0c1n1"), Path.of("nvme0c3n1"));
      assertThat(agent.watchedCount()).isEqualTo(2);
      awaitClosed(node2);
      assertThat(opens(dir.resolve("dev/nvme1"))).isTrue();
    }
  }

  @Test
  void aRediscoveryOrAnEventAfterCloseAddsNothingAndOpensNothing() throws Exception {
    controllerPath("nvme0c1n1", 1, 1);
    Agent agent = agent("", new LinkedBlockingQueue<>());
    agent.nvmeControllerChanged("nvme1");
    agent.close();
    awaitClosed(dir.resolve("dev/nvme1"));

    // what the rescan's thread would do had it outlived its close bound, and a late event
    controllerPath("nvme0c2n1", 2, 1);
    agent.rediscover();
    agent.diskAdded("nvme0n1");

    assertThat(agent.watchedCount()).isZero();
    assertThat(opens(dir.resolve("dev/nvme1"))).isFalse();
    assertThat(opens(dir.resolve("dev/nvme2"))).isFalse();
  }
}
