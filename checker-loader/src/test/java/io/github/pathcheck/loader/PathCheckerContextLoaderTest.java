package io.github.pathcheck.loader;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.fixtures.FakeDevice;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A synchronous check runs on a thread of its class's pool with the plugin's loader as the thread's context
 * class loader, and so do its init and its free; the caller's context loader is never changed.
 */
class PathCheckerContextLoaderTest {
  @TempDir Path plugins;

  private CheckerRegistry registry;

  @BeforeEach
  void setUp() {
    System.clearProperty(PluginFixtures.CONTEXT_LOADER_FREE_PROPERTY);
    PluginFixtures.contextLoader(plugins);
    registry = CheckerRegistry.builder().pluginDirectory(plugins).build();
  }

  @AfterEach
  void tearDown() {
    registry.close();
    System.clearProperty(PluginFixtures.CONTEXT_LOADER_FREE_PROPERTY);
  }

  @Test
  void aPooledCheckRunsWithThePluginsLoaderAsContextLoaderAndSoDoItsInitAndFree() throws Exception {
    ClassLoader before = Thread.currentThread().getContextClassLoader();
    CheckerHandle handle = registry.acquire("tccl");
    ClassLoader plugin = handle.loadedClass().contextLoader();
    assertThat(plugin).isInstanceOf(PluginClassLoader.class).isNotSameAs(before);
    try (PathChecker checker =
        handle.init(
            new FakeDevice(Path.of("/dev/sdtcclsync"), 3), CheckerOptions.defaults().withMode(CheckMode.SYNC))) {
      assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
      CheckResult first = checker.check();
      assertThat(first.state()).as("a synchronous check runs on the pool").isEqualTo(PathState.PENDING);
      CheckResult answer = checker.awaitAnswer(Duration.ofSeconds(30));
      assertThat(answer.state()).isEqualTo(PathState.UP);
      assertThat(answer.message()).as("init and check ran in its own context").isEqualTo(" ran in its own context");
      assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    }
    // The checker is freed on the pool; the unload that follows is released once that free has run.
    handle.close();
    assertThat(registry.whenUnloadsReleased().toCompletableFuture()).succeedsWithin(Duration.ofSeconds(30));
    assertThat(System.getProperty(PluginFixtures.CONTEXT_LOADER_FREE_PROPERTY)).isEqualTo("own");
    assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
  }
}
