package io.github.pathcheck.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathState;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery of plugin directories and its errors. */
class PluginDiscoveryTest {
  @TempDir Path plugins;

  private final List<WeakReference<PluginClassLoader>> opened = new CopyOnWriteArrayList<>();

  private CheckerRegistry.Builder builder() {
    return CheckerRegistry.builder()
        .pluginDirectory(plugins)
        .pluginLoaderObserver(loader -> opened.add(new WeakReference<>(loader)));
  }

  private void assertEveryOpenedLoaderIsClosed() {
    assertThat(opened).isNotEmpty();
    for (WeakReference<PluginClassLoader> ref : opened) {
      PluginClassLoader loader = ref.get();
      if (loader != null) {
        assertThat(loader.isClosed()).as("%s closed", loader).isTrue();
      }
    }
  }

  @Test
  void findsJarAndDirectoryPluginsBesideTheHostsProviders() {
    Path good = PluginFixtures.good(plugins);
    Path childFirst = PluginFixtures.childFirst(plugins);
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    try (CheckerRegistry registry = builder().build()) {
      assertThat(registry.available())
          .extracting(CheckerDescriptor::name, CheckerDescriptor::origin, CheckerDescriptor::isPlugin)
          .containsExactly(
              tuple("childfirst", childFirst.toString(), true),
              tuple("counting", "class path", false),
              tuple("good", good.toString(), true),
              tuple("none", "built-in", false),
              tuple("scripted", "class path", false));
      assertThat(registry.problems()).isEmpty();
      // Discovery opened one loader per plugin, and closed each.
      assertThat(opened).hasSize(2);
      assertEveryOpenedLoaderIsClosed();
      assertThat(registry.whenUnloadsReleased().toCompletableFuture()).isCompleted();
    }
    assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(context);
  }

  @Test
  void aMissingPluginDirectoryIsNamed() {
    Path missing = plugins.resolve("nowhere");
    assertThatThrownBy(() -> CheckerRegistry.builder().pluginDirectory(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void brokenPluginsAndNonPluginsAreSkippedAsProblemsNamingTheJar() throws Exception {
    Path good = PluginFixtures.good(plugins);
    Path ctor = PluginFixtures.throwingConstructor(plugins);
    Path name = PluginFixtures.throwingName(plugins);
    Path missing = PluginFixtures.missingProviderClass(plugins);
    Path library = PluginFixtures.notAPlugin(plugins);
    Path shared = PluginFixtures.sharedPackageProvider(plugins);
    Path invalid = PluginFixtures.simple(plugins, "invalid.jar", "com.example.invalid", "Bad Name");
    Files.createDirectories(plugins.resolve("empty-subdirectory"));
    Files.writeString(plugins.resolve("README.txt"), "not a jar");
    ClassLoader context = Thread.currentThread().getContextClassLoader();

    try (CheckerRegistry registry = builder().build()) {
      assertThat(registry.available())
          .extracting(CheckerDescriptor::name)
          .containsExactly("counting", "good", "none", "scripted");
      assertThat(registry.problems()).hasSize(6);
      assertThat(registry.problems())
          .anySatisfy(p -> assertThat(p).contains(ctor.toString()).contains("constructor fails on purpose"))
          .anySatisfy(p -> assertThat(p).contains(name.toString()).contains("name() fails on purpose"))
          .anySatisfy(p -> assertThat(p).contains(missing.toString()).contains("com.example.missing.Nope"))
          .anySatisfy(p -> assertThat(p).contains(library.toString()).contains("not a checker plugin"))
          .anySatisfy(p -> assertThat(p).contains(shared.toString()).contains("no class of its own"))
          .anySatisfy(p -> assertThat(p).contains(invalid.toString()).contains("\"Bad Name\""));
      assertThat(registry.problems()).noneMatch(p -> p.contains(good.toString()));

      try (CheckerHandle handle = registry.acquire("good");
          PathChecker checker = handle.init(TestDevice.of("/dev/sdb"), CheckerOptions.defaults())) {
        assertThat(checker.checkAndWait().state()).isEqualTo(PathState.UP);
      }
    }
    assertEveryOpenedLoaderIsClosed();
    assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(context);
  }

  @Test
  void twoPluginsOfOneNameFailTheBuildNamingBothAndLeaveNothingOpen() {
    Path first = PluginFixtures.simple(plugins, "dup-a.jar", "com.example.dupa", "dup");
    Path second = PluginFixtures.simple(plugins, "dup-b.jar", "com.example.dupb", "dup");
    PluginFixtures.good(plugins);
    assertThatThrownBy(() -> builder().build())
        .isInstanceOf(CheckerLoadException.class)
        .hasMessageContaining("\"dup\"")
        .hasMessageContaining(first.toString())
        .hasMessageContaining(second.toString());
    assertThat(opened).hasSize(3);
    assertEveryOpenedLoaderIsClosed();
  }

  @Test
  void aPluginNamedLikeAClassPathProviderFailsTheBuildNamingBoth() {
    Path plugin = PluginFixtures.simple(plugins, "counting.jar", "com.example.counting", "counting");
    assertThatThrownBy(() -> builder().build())
        .isInstanceOf(CheckerLoadException.class)
        .hasMessageContaining("\"counting\"")
        .hasMessageContaining("class path")
        .hasMessageContaining(plugin.toString());
    assertEveryOpenedLoaderIsClosed();
  }

  @Test
  void aPluginNamedNoneClashesWithTheBuiltIn() {
    Path plugin = PluginFixtures.simple(plugins, "none.jar", "com.example.none", "none");
    assertThatThrownBy(() -> builder().build())
        .isInstanceOf(CheckerLoadException.class)
        .hasMessageContaining("built-in")
        .hasMessageContaining(plugin.toString());
  }

  @Test
  void aProviderWhoseLoadThrowsFailsTheAcquireNamingTheJarAndLeavesNothingLoaded() {
    Path failing = PluginFixtures.failingLoad(plugins);
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    try (CheckerRegistry registry = builder().build()) {
      for (int attempt = 0; attempt < 2; attempt++) {
        assertThatThrownBy(() -> registry.acquire("failload"))
            .isInstanceOf(CheckerLoadException.class)
            .hasMessageContaining(failing.toString())
            .hasMessageContaining("failload")
            .cause()
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("load fails on purpose");
      }
      // One loader for discovery, one per attempt: all closed, and nothing outstanding.
      assertThat(opened).hasSize(3);
      assertEveryOpenedLoaderIsClosed();
      assertThat(registry.whenUnloadsReleased().toCompletableFuture()).isCompleted();
    }
    assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(context);
  }

  @Test
  void theUnknownNameMessageNamesThePluginDirectories() {
    try (CheckerRegistry registry = builder().build()) {
      assertThatThrownBy(() -> registry.acquire("tur"))
          .hasMessageContaining("counting, none, scripted")
          .hasMessageContaining(plugins.toString());
    }
  }
}
