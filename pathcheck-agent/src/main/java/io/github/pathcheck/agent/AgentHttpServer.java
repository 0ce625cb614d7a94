package io.github.pathcheck.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The agent's HTTP endpoints on one thread: {@code /metrics} (OpenMetrics or Prometheus text, as the client
 * asks), {@code /paths} (JSON, {@link PathsDocument}) and {@code /healthz} ({@code ok}).
 */
final class AgentHttpServer implements AutoCloseable {
  private static final Duration CLOSE_BOUND = Duration.ofSeconds(5);

  private final HttpServer server;
  private final ExecutorService executor;
  private final JoiningThreads threads;

  private AgentHttpServer(HttpServer server, ExecutorService executor, JoiningThreads threads) {
    this.threads = threads;
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds {@code address:port} and starts serving.
   *
   * @throws AgentStartException if the address cannot be bound (in use, not this host's); nothing is left open
   */
  static AgentHttpServer start(String address, int port, PrometheusRegistry metrics, Supplier<String> paths)
      throws AgentStartException {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(address, port), 16);
    } catch (BindException e) {
      throw new AgentStartException("cannot listen on " + address + ":" + port + ": " + e.getMessage()
          + "; choose another listen_port in the configuration's pathcheck section", e);
    } catch (IOException e) {
      throw new AgentStartException("cannot listen on " + address + ":" + port + ": " + e, e);
    }
    JoiningThreads threads = new JoiningThreads("pathcheck-agent-http");
    ExecutorService executor = Executors.newSingleThreadExecutor(threads);
    server.setExecutor(executor);
    server.createContext("/metrics", new MetricsHandler(metrics));
    server.createContext("/paths", exchange -> respond(exchange, "application/json", paths.get()));
    server.createContext("/healthz", exchange -> respond(exchange, "text/plain; charset=utf-8", "ok\n"));
    server.start();
    return new AgentHttpServer(server, executor, threads);
  }

  private static void respond(HttpExchange exchange, String contentType, String body) throws IOException {
    try (exchange) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      if (exchange.getRequestMethod().equals("HEAD")) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Returns the port it listens on: the configured one, or the one picked for port 0. */
  int port() {
    return server.getAddress().getPort();
  }

  /** Stops serving and waits (up to 5 s) for the HTTP thread to end, so that nothing of it is left running. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      threads.join(CLOSE_BOUND);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
