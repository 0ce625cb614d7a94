package io.github.pathcheck.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.fixtures.FakeDevice;
import io.github.pathcheck.loader.CheckerRegistry;
import io.github.pathcheck.loader.PluginFixtures;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor calls a plugin's checker with the plugin's loader as the thread's context class loader, as the
 * registry does its own calls, and gives the caller's context loader back after each call.
 */
class PathMonitorContextLoaderTest {
  @TempDir Path plugins;

  private CheckerRegistry registry;
  private PathMonitor monitor;

  @BeforeEach
  void setUp() {
    System.clearProperty(PluginFixtures.CONTEXT_LOADER_FREE_PROPERTY);
    PluginFixtures.contextLoader(plugins);
    registry = CheckerRegistry.builder().pluginDirectory(plugins).build();
    monitor = PathMonitor.builder(registry).sharedWait(Duration.ZERO).build();
  }

  @AfterEach
  void tearDown() {
    monitor.close();
    registry.close();
    System.clearProperty(PluginFixtures.CONTEXT_LOADER_FREE_PROPERTY);
  }

  @Test
  void checksRunWithThePluginsLoaderAsContextLoaderAndTheCallersIsRestored() throws Exception {
    Path path = Path.of("/dev/sdtccl");
    ClassLoader before = Thread.currentThread().getContextClassLoader();

    monitor.add(new FakeDevice(path, 3), "tccl", CheckerOptions.defaults());
    assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    monitor.runOnce();

    assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    PathStatus status = monitor.status(path).orElseThrow();
    assertThat(status.state()).isEqualTo(PathState.UP);
    assertThat(status.message()).isEqualTo(" ran in its own context");
  }

  @Test
  void pendingChecksAndFreeRunInThePluginsContextAndACallersOwnContextLoaderIsRestored() throws Exception {
    Path path = Path.of("/dev/sdtcclasync");
    Thread thread = Thread.currentThread();
    ClassLoader original = thread.getContextClassLoader();
    try (URLClassLoader callers = new URLClassLoader(new URL[0], null)) {
      thread.setContextClassLoader(callers);

      monitor.add(new FakeDevice(path, 3), "tccl", CheckerOptions.defaults().withProperty("pending", "true"));
      assertThat(thread.getContextClassLoader()).isSameAs(callers);
      monitor.runOnce();
      assertThat(thread.getContextClassLoader()).isSameAs(callers);

      PathStatus status = monitor.status(path).orElseThrow();
      assertThat(status.state()).isEqualTo(PathState.UP);
      assertThat(status.message()).isEqualTo(" ran in its own context");

      assertThat(monitor.remove(path)).isTrue();
      assertThat(thread.getContextClassLoader()).isSameAs(callers);
      assertThat(System.getProperty(PluginFixtures.CONTEXT_LOADER_FREE_PROPERTY)).isEqualTo("own");
    } finally {
      thread.setContextClassLoader(original);
    }
  }
}
