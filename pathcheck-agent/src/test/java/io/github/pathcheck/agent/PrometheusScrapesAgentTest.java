package io.github.pathcheck.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.testkit.PrivilegedTests;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test: the agent runs as its own process from a configuration file, a real Prometheus scrapes
 * it every second, and Prometheus' query API sees a file's path go down when the file is truncated and come
 * back when it is restored.
 */
class PrometheusScrapesAgentTest {
  /** How long Prometheus may take to show a change: a scrape a second, a check a second, start-up. */
  private static final Duration SEEN_BOUND = Duration.ofSeconds(60);

  @TempDir Path prometheusDir;

  @Test
  void prometheusSeesAPathGoDownAndComeBack() throws Exception {
    PrivilegedTests.assumeRoot("install and run Debian's prometheus package");
    PrivilegedTests.assumePrivilege(PrometheusServer.installed(),
        "Debian's prometheus package (apt-get install prometheus; .ci/run installs it)");
    Files.createDirectories(Path.of("target"));
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "agent-prometheus-");
    Path disk = dir.resolve("disk.img");
    byte[] content = new byte[65536];
    Files.write(disk, content);
    int agentPort = PrometheusServer.freePort();
    Path conf = dir.resolve("multipath.conf");
    Files.writeString(conf, """
        defaults {
            path_checker directio
            polling_interval 1
        }
        pathcheck {
            discover no
            listen_port %d
            path "%s"
        }
        """.formatted(agentPort, disk));

    Process agent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), AgentMain.class.getName(), "--config", conf.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("agent.log").toFile())
        .start();
    try (PrometheusServer prometheus = PrometheusServer.start(prometheusDir, agentPort)) {
      String series = "pathcheck_path_state{path=\"" + disk + "\",checker=\"directio\",pathcheck_path_state=";
      awaitValue(prometheus, series + "\"up\"}", "1", agent, dir);

      Files.write(disk, new byte[0]);
      awaitValue(prometheus, series + "\"down\"}", "1", agent, dir);
      assertThat(prometheus.query(series + "\"up\"}")).isEqualTo("0");

      Files.write(disk, content);
      awaitValue(prometheus, series + "\"up\"}", "1", agent, dir);
      assertThat(prometheus.query("increase(pathcheck_transitions_total{checker=\"directio\"}[5m]) > 0"))
          .isNotNull();
    } finally {
      agent.destroy(); // SIGTERM: the agent closes everything and exits
      assertThat(agent.waitFor(30, TimeUnit.SECONDS)).as("agent exits on SIGTERM").isTrue();
      for (File f : Objects.requireNonNull(dir.toFile().listFiles())) {
        Files.delete(f.toPath());
      }
      Files.delete(dir);
    }
  }

  /**
   * Asks Prometheus again and again until the query answers {@code expected}: Prometheus learns of the change
   * only at its next scrape, which the test cannot observe otherwise.
   */
  private static void awaitValue(PrometheusServer prometheus, String promql, String expected, Process agent,
      Path dir) throws InterruptedException, IOException {
    Instant deadline = Instant.now().plus(SEEN_BOUND);
    String last = null;
    while (Instant.now().isBefore(deadline)) {
      assertThat(agent.isAlive()).as("agent runs; its log: %s", Files.readString(dir.resolve("agent.log")))
          .isTrue();
      assertThat(prometheus.isAlive()).as("prometheus runs").isTrue();
      last = prometheus.query(promql);
      if (expected.equals(last)) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(200); // between queries to Prometheus, not a wait for the agent
    }
    throw new AssertionError(promql + " was " + last + ", not " + expected + ", for " + SEEN_BOUND
        + "; agent log: " + Files.readString(dir.resolve("agent.log")));
  }
}
