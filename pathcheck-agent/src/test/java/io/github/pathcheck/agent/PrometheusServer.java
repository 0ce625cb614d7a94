package io.github.pathcheck.agent;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's package {@code prometheus}) on a free localhost port, scraping one target
 * every second, its storage in a directory of the test's. {@link #close()} stops it and waits for it.
 */
final class PrometheusServer implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/prometheus");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Process process;
  private final int port;

  private PrometheusServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Installs Debian's package with apt-get if the binary is missing; returns whether it is there then. */
  static boolean installed() throws IOException, InterruptedException {
    if (Files.isExecutable(BINARY)) {
      return true;
    }
    Process apt = new ProcessBuilder("apt-get", "install", "-y", "-q", "prometheus")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    if (!apt.waitFor(5, TimeUnit.MINUTES)) {
      apt.destroyForcibly().waitFor();
    }
    return Files.isExecutable(BINARY);
  }

  /** Starts Prometheus scraping {@code http://127.0.0.1:targetPort/metrics} every second. */
  static PrometheusServer start(Path dir, int targetPort) throws IOException {
    int port = freePort();
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: pathcheck-agent
            static_configs:
              - targets: ['127.0.0.1:%d']
        """.formatted(targetPort));
    Process process = new ProcessBuilder(BINARY.toString(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("tsdb"),
        "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("prometheus.log").toFile())
        .start();
    return new PrometheusServer(process, port);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * Returns the value of an instant query's only sample ({@code /api/v1/query}), or null if Prometheus
   * answers no sample (or is not ready yet).
   */
  String query(String promql) throws InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
        + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    HttpResponse<String> response;
    try {
      response = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null; // not listening yet
    }
    String body = response.body();
    // {"status":"success","data":{"resultType":"vector","result":[{"metric":{...},"value":[1733.4,"1"]}]}}
    int value = body.indexOf("\"value\":[");
    if (response.statusCode() != 200 || value < 0) {
      return null;
    }
    int start = body.indexOf('"', body.indexOf(',', value)) + 1;
    return body.substring(start, body.indexOf('"', start));
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
