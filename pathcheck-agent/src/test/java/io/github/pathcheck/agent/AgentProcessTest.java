package io.github.pathcheck.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent as its own process: SIGHUP applies an edited configuration, SIGTERM stops it. */
class AgentProcessTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** How long the process may take to start, or to apply a reload: a JVM start and a check. */
  private static final Duration BOUND = Duration.ofSeconds(60);

  @TempDir Path dir;

  private static String conf(int port, String checker, Path disk) {
    return "defaults {\n path_checker " + checker + "\n polling_interval 1\n}\n"
        + "pathcheck {\n discover no\n listen_port " + port + "\n path \"" + disk + "\"\n}\n";
  }

  @Test
  void sighupAppliesTheEditedConfigurationAndSigtermStops() throws Exception {
    Files.createDirectories(Path.of("target"));
    Path disk = Files.createTempFile(Path.of("target").toAbsolutePath(), "agent-process-", ".img");
    Files.write(disk, new byte[65536]);
    int port = PrometheusServer.freePort();
    Path conf = dir.resolve("multipath.conf");
    Files.writeString(conf, conf(port, "directio", disk));
    // SIGHUP at its default whatever this JVM inherited (a build started under nohup ignores it, and the JVM
    // keeps an ignored SIGHUP ignored): as systemd starts the agent.
    Process agent = new ProcessBuilder("env", "--default-signal=HUP",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), AgentMain.class.getName(), "--config", conf.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("agent.log").toFile())
        .start();
    try {
      awaitPaths(agent, port, "\"checker\":\"directio\",\"state\":\"up\"");

      Files.writeString(conf, conf(port, "none", disk));
      Process hup = new ProcessBuilder("kill", "-HUP", Long.toString(agent.pid())).start();
      assertThat(hup.waitFor()).isZero();

      awaitPaths(agent, port, "\"checker\":\"none\",\"state\":\"up\"");
      assertThat(Files.readString(dir.resolve("agent.log"))).contains("reloaded; watching 1 paths");
    } finally {
      agent.destroy();
      assertThat(agent.waitFor(30, TimeUnit.SECONDS)).as("agent exits on SIGTERM").isTrue();
      Files.delete(disk);
    }
  }

  /**
   * Asks the process's /paths until it contains {@code expected}: the process's rounds and its signal handling
   * are its own, which the test can only observe from outside.
   */
  private void awaitPaths(Process agent, int port, String expected) throws Exception {
    Instant deadline = Instant.now().plus(BOUND);
    String last = "";
    while (Instant.now().isBefore(deadline)) {
      assertThat(agent.isAlive()).as("agent runs; its log: %s", Files.readString(dir.resolve("agent.log")))
          .isTrue();
      try {
        last = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/paths")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        if (last.contains(expected)) {
          return;
        }
      } catch (IOException e) {
        last = e.toString(); // not listening yet
      }
      TimeUnit.MILLISECONDS.sleep(100); // between requests to the process, not a wait the test relies on
    }
    throw new AssertionError("/paths never contained " + expected + " within " + BOUND + "; last: " + last
        + "; agent log: " + Files.readString(dir.resolve("agent.log")));
  }
}
