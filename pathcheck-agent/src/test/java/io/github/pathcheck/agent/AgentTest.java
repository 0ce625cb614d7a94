package io.github.pathcheck.agent;

import static io.github.pathcheck.agent.AgentResources.liveAgentThreads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pathcheck.api.PathState;
import io.github.pathcheck.monitor.PathStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agent on files (directio reads them with O_DIRECT), served over real HTTP on localhost. */
class AgentTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** A bound for waiting on the monitor's thread, far above a check of a local file. */
  private static final long ANSWER_BOUND_SECONDS = 30;

  private Path dir;
  private Set<Thread> threadsBefore;

  @BeforeEach
  void scratch() throws IOException {
    // target/ rather than /tmp: directio needs a file system with O_DIRECT, which tmpfs may not offer
    Files.createDirectories(Path.of("target"));
    dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "agent-test-");
    threadsBefore = liveAgentThreads();
  }

  @AfterEach
  void removeScratch() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(dir);
  }

  private Path disk(String name) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, new byte[65536]);
    return file;
  }

  private AgentConfig config(String pathcheckSection, String defaults) throws ConfigSyntaxException {
    return ConfigReader.read(Path.of("test.conf"),
        "defaults {\n" + defaults + "\n}\npathcheck {\n discover no\n listen_port 0\n" + pathcheckSection + "\n}\n");
  }

  private static String get(int port, String path) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("status of %s", path).isEqualTo(200);
    return response.body();
  }

  @Test
  void servesEachPathsStateAsAStateSetAndAsJson() throws Exception {
    Path disk = disk("disk0.img");
    BlockingQueue<PathStatus> answers = new LinkedBlockingQueue<>();
    AgentConfig config = config(" path " + disk, " path_checker directio\n polling_interval 1");

    try (Agent agent = Agent.start(config, new SysfsDiscovery(dir.resolve("no-sys"), dir), answers::add)) {
      PathStatus first = answers.poll(ANSWER_BOUND_SECONDS, TimeUnit.SECONDS);
      assertThat(first).isNotNull();
      assertThat(first.state()).isEqualTo(PathState.UP);

      String metrics = get(agent.port(), "/metrics");
      assertThat(metrics)
          .contains("# TYPE pathcheck_path_state stateset")
          .contains("pathcheck_path_state{checker=\"directio\",path=\"" + disk + "\",pathcheck_path_state=\"up\"} 1")
          .contains("pathcheck_path_state{checker=\"directio\",path=\"" + disk + "\",pathcheck_path_state=\"down\"} 0")
          .contains("pathcheck_checks_total{checker=\"directio\"}")
          .contains("# TYPE pathcheck_check_duration_seconds histogram")
          .contains("pathcheck_stuck_checks{checker=\"directio\"} 0")
          .endsWith("# EOF\n");

      assertThat(get(agent.port(), "/paths"))
          .startsWith("[{\"time\":")
          .contains("\"path\":\"" + disk + "\",\"checker\":\"directio\",\"state\":\"up\","
              + "\"message\":\"directio checker reports path is up\"")
          .contains("\"kind\":\"explicit\"");
      assertThat(get(agent.port(), "/healthz")).isEqualTo("ok\n");
    }
    assertThat(liveAgentThreads()).isSubsetOf(threadsBefore);
  }

  @Test
  void servesDirectiosAioGroupsWhileAPathUsesDirectio() throws Exception {
    Path disk = disk("aio.img");
    Path other = disk("other.img");
    BlockingQueue<PathStatus> answers = new LinkedBlockingQueue<>();
    AgentConfig config = config(" path " + disk, " path_checker directio\n polling_interval 1");

    try (Agent agent = Agent.start(config, new SysfsDiscovery(dir.resolve("no-sys"), dir), answers::add)) {
      assertThat(answers.poll(ANSWER_BOUND_SECONDS, TimeUnit.SECONDS)).isNotNull();
      assertThat(get(agent.port(), "/metrics"))
          .contains("pathcheck_aio_groups{checker=\"directio\"} 1.0\n")
          .contains("pathcheck_aio_groups_in_use{checker=\"directio\"} 1.0\n");

      agent.reload(config(" path " + other, " path_checker none\n polling_interval 1"));
      assertThat(get(agent.port(), "/metrics"))
          .doesNotContain("pathcheck_aio_groups{")
          .doesNotContain("pathcheck_aio_groups_in_use{");
    }
  }

  @Test
  void countsAFailureAndATransitionWhenAFileIsTruncated() throws Exception {
    Path disk = disk("disk1.img");
    BlockingQueue<PathStatus> answers = new LinkedBlockingQueue<>();
    AgentConfig config = config(" path " + disk, " path_checker directio\n polling_interval 1");

    try (Agent agent = Agent.start(config, new SysfsDiscovery(dir.resolve("no-sys"), dir), answers::add)) {
      assertThat(answers.poll(ANSWER_BOUND_SECONDS, TimeUnit.SECONDS).state()).isEqualTo(PathState.UP);
      Files.write(disk, new byte[0]);
      PathStatus down = answers.poll(ANSWER_BOUND_SECONDS, TimeUnit.SECONDS);
      assertThat(down.state()).isEqualTo(PathState.DOWN);

      String metrics = get(agent.port(), "/metrics");
      assertThat(metrics)
          .contains("pathcheck_path_state{checker=\"directio\",path=\"" + disk + "\",pathcheck_path_state=\"down\"} 1")
          .contains("pathcheck_check_failures_total{checker=\"directio\"} 1.0")
          .contains("pathcheck_transitions_total{checker=\"directio\"}");
    }
  }

  @Test
  void anUnknownCheckerStopsTheStartWithOneLineAndNothingRunning() throws Exception {
    AgentConfig config = config("", " path_checker acme_array");

    assertThatThrownBy(() -> Agent.start(config, new SysfsDiscovery(dir, dir)))
        .isInstanceOf(AgentStartException.class)
        .hasMessageStartingWith("unknown checker \"acme_array\" (defaults' path_checker): this agent has ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(liveAgentThreads()).isSubsetOf(threadsBefore);
  }

  @Test
  void aPortInUseStopsTheStartWithOneLineAndNothingRunning() throws Exception {
    Path disk = disk("disk2.img");
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      AgentConfig config = ConfigReader.read(Path.of("test.conf"),
          "defaults {\n path_checker directio\n}\npathcheck {\n discover no\n listen_port " + taken.getLocalPort()
              + "\n path " + disk + "\n}\n");

      assertThatThrownBy(() -> Agent.start(config, new SysfsDiscovery(dir, dir)))
          .isInstanceOf(AgentStartException.class)
          .hasMessageStartingWith("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ")
          .hasMessageEndingWith("; choose another listen_port in the configuration's pathcheck section")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
    assertThat(liveAgentThreads()).isSubsetOf(threadsBefore);
  }

  @Test
  void mainExitsNonZeroWithOneLineForAMalformedConfig() throws Exception {
    Path conf = dir.resolve("bad.conf");
    Files.writeString(conf, "defaults {\n  path_checker tur\n");
    var err = new java.io.ByteArrayOutputStream();

    int status = AgentMain.run(new String[] {"--config", conf.toString()}, new java.io.PrintStream(err, true));

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).isEqualTo(
        "pathcheck agent: " + conf + ":1:1: section opened here is never closed: add a '}'\n");
  }

  @Test
  void aReloadWatchesNewPathsDropsOldOnesAndChangesCheckers() throws Exception {
    Path kept = disk("kept.img");
    Path changed = disk("changed.img");
    Path dropped = disk("dropped.img");
    Path added = disk("added.img");
    BlockingQueue<PathStatus> answers = new LinkedBlockingQueue<>();
    AgentConfig first = config(" path " + kept + "\n path " + changed + "\n path " + dropped,
        " path_checker directio\n polling_interval 1");

    try (Agent agent = Agent.start(first, new SysfsDiscovery(dir.resolve("no-sys"), dir), answers::add)) {
      agent.reload(config(" path " + kept + "\n path " + changed + "\n path " + added,
          " path_checker directio\n polling_interval 1"));
      assertThat(agent.monitor().snapshot().keySet()).containsExactlyInAnyOrder(kept, changed, added);

      agent.reload(ConfigReader.read(Path.of("test.conf"), "defaults {\n path_checker none\n polling_interval 1\n}\n"
          + "pathcheck {\n discover no\n listen_port 0\n path " + changed + "\n}\n"));
      assertThat(agent.monitor().snapshot().keySet()).containsExactly(changed);
      assertThat(agent.monitor().status(changed).orElseThrow().checkerName()).isEqualTo("none");
      assertThat(get(agent.port(), "/paths")).contains("\"checker\":\"none\"").doesNotContain(kept.toString());
    }
    assertThat(liveAgentThreads()).isSubsetOf(threadsBefore);
  }

  @Test
  void aReloadNamingAnUnknownCheckerLeavesTheAgentAsItWas() throws Exception {
    Path disk = disk("disk3.img");
    AgentConfig config = config(" path " + disk, " path_checker directio");

    try (Agent agent = Agent.start(config, new SysfsDiscovery(dir.resolve("no-sys"), dir))) {
      assertThatThrownBy(() -> agent.reload(config(" path " + disk, " path_checker acme_array")))
          .isInstanceOf(AgentStartException.class)
          .hasMessageStartingWith("unknown checker \"acme_array\"");
      assertThat(agent.monitor().status(disk).orElseThrow().checkerName()).isEqualTo("directio");
    }
  }

  @Test
  void mainExitsOneWithOneLineForAPortInUse() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Path conf = dir.resolve("taken.conf");
      Files.writeString(conf, "pathcheck {\n discover no\n listen_port " + taken.getLocalPort() + "\n}\n");
      var err = new java.io.ByteArrayOutputStream();

      int status = AgentMain.run(new String[] {"--config", conf.toString()}, new java.io.PrintStream(err, true));

      assertThat(status).isEqualTo(1);
      assertThat(err.toString()).startsWith("pathcheck agent: cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .endsWith("pathcheck section\n").hasLineCount(1);
    }
    assertThat(liveAgentThreads()).isSubsetOf(threadsBefore);
  }

  @Test
  void mainExitsOneWithOneLineForAnUnknownChecker() throws Exception {
    Path conf = dir.resolve("unknown.conf");
    Files.writeString(conf, "devices {\n device {\n  vendor ACME\n  path_checker nosuch\n }\n}\n");
    var err = new java.io.ByteArrayOutputStream();

    int status = AgentMain.run(new String[] {"--config", conf.toString()}, new java.io.PrintStream(err, true));

    assertThat(status).isEqualTo(1);
    assertThat(err.toString()).startsWith("pathcheck agent: unknown checker \"nosuch\" (a device entry's path_checker)")
        .hasLineCount(1);
    assertThat(liveAgentThreads()).isSubsetOf(threadsBefore);
  }

  @Test
  void mainExitsTwoForAMissingConfigFile() {
    var err = new java.io.ByteArrayOutputStream();

    int status = AgentMain.run(new String[] {"--config", dir.resolve("none.conf").toString()},
        new java.io.PrintStream(err, true));

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("pathcheck agent: " + dir.resolve("none.conf")
        + ": no such file; give a multipath.conf with --config\n");
  }

  @Test
  void theCheckersOfTheBuiltInDeviceTableAreThere() throws Exception {
    AgentConfig config = ConfigReader.read(Path.of("test.conf"), "devices {\n device {\n  vendor DGC\n"
        + "  path_checker emc_clariion\n }\n device {\n  vendor NETAPP\n  path_checker rdac\n }\n"
        + " device {\n  vendor HP\n  path_checker hp_sw\n }\n}\npathcheck {\n discover no\n listen_port 0\n}\n");

    try (Agent agent = Agent.start(config, new SysfsDiscovery(dir, dir))) {
      assertThat(agent.watchedCount()).isZero();
    }
  }
}
