package io.github.pathcheck.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a plugin cannot break: a failing unload, and resource names that climb out of a shared package. */
class PluginFailuresAtUnloadTest {

  @Test
  void anErrorFromUnloadStillClosesItsLoaderAndTheRegistryUnloadsTheOthers(@TempDir Path dir) {
    String source =
        PluginFixtures.simplePluginSource("aaa", "aaa", "\"\"", "", "", "", "")
            .replace(
                "public UnloadResult unload() { unloaded = true; return UnloadResult.complete(); }",
                "public UnloadResult unload() { unloaded = true; throw new AssertionError(\"plugin bug\"); }");
    assertThat(source).contains("plugin bug");
    PluginJarBuilder.create().source("aaa.Provider", source).provider("aaa.Provider").writeTo(dir.resolve("aaa.jar"));
    PluginFixtures.simple(dir, "bbb.jar", "bbb", "bbb");
    List<PluginClassLoader> loaders = new ArrayList<>();
    CheckerRegistry registry =
        CheckerRegistry.builder().pluginDirectory(dir).pluginLoaderObserver(loaders::add).build();
    CheckerHandle aaa = registry.acquire("aaa");
    CheckerHandle bbb = registry.acquire("bbb");

    registry.close();

    assertThatIllegalStateException().isThrownBy(aaa::loadedClass);
    assertThatIllegalStateException().isThrownBy(bbb::loadedClass);
    assertThat(loaders).isNotEmpty().allSatisfy(loader -> assertThat(loader.isClosed()).as("%s", loader).isTrue());
  }

  @Test
  void resourceNamesThatClimbOutOfASharedPackageAreRefused(@TempDir Path dir) throws Exception {
    PluginFixtures.good(dir);
    List<PluginClassLoader> loaders = new ArrayList<>();
    try (CheckerRegistry registry =
            CheckerRegistry.builder().pluginDirectory(dir).pluginLoaderObserver(loaders::add).build();
        CheckerHandle good = registry.acquire("good")) {
      ClassLoader plugin = good.loadedClass().contextLoader();
      // The loader's own classes are in a class-path directory of this test run: the case that leaked.
      String climbing = "io/github/pathcheck/api/../loader/CheckerRegistry.class";
      assertThat(CheckerRegistry.class.getClassLoader().getResource(climbing)).as("the host resolves it").isNotNull();
      assertThat(plugin.getResource(climbing)).isNull();
      assertThat(plugin.getResources(climbing).hasMoreElements()).isFalse();
      assertThat(plugin.getResource("org/slf4j/./Logger.class")).isNull();
      assertThat(plugin.getResource("io/github/pathcheck/api/CheckerProvider.class")).isNotNull();
    }
  }
}
