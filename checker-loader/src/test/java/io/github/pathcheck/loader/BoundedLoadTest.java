package io.github.pathcheck.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider whose {@code load()} hangs costs the host a bounded wait: {@code acquire} fails after the
 * lifecycle timeout naming the checker, and the class that comes late is unloaded, and the plugin's loader
 * dropped, only once it has come.
 */
class BoundedLoadTest {
  private static final String GATE = "pathcheck.test.loadGate";

  @TempDir Path dir;

  @Test
  @Timeout(60)
  void aHangingLoadFailsTheAcquireAndIsUnloadedWhenItReturns() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Path gate = Files.createFile(dir.resolve("gate"));
    System.setProperty(GATE, gate.toString());
    try {
      PluginJarBuilder.create()
          .source(
              "com.example.hangload.Provider",
              PluginFixtures.simplePluginSource(
                  "com.example.hangload",
                  "hangload",
                  "\"\"",
                  "",
                  "",
                  "java.nio.file.Path gate = java.nio.file.Path.of(System.getProperty(\"" + GATE + "\"));"
                      + " while (java.nio.file.Files.exists(gate)) {"
                      + " java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L); Thread.interrupted(); }",
                  ""))
          .provider("com.example.hangload.Provider")
          .writeTo(plugins.resolve("hangload.jar"));
      try (CheckerRegistry registry =
          CheckerRegistry.builder().pluginDirectory(plugins).lifecycleTimeout(Duration.ofMillis(500)).build()) {
        assertThatThrownBy(() -> registry.acquire("hangload"))
            .isInstanceOf(CheckerLoadException.class)
            .hasMessageContaining("checker hangload")
            .hasMessageContaining("did not load within 500 ms");
        assertThat(registry.whenUnloadsReleased().toCompletableFuture().isDone())
            .as("the plugin's loader is kept while its load runs")
            .isFalse();
        assertThat(registry.unreleased()).anyMatch(line -> line.contains("load() still running"));

        Files.delete(gate);
        registry.whenUnloadsReleased().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(registry.unreleased()).isEmpty();
      }
    } finally {
      Files.deleteIfExists(gate);
      System.clearProperty(GATE);
    }
  }
}
