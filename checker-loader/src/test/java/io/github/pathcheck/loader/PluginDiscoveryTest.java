package io.github.pathcheck.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.fixtures.FakeDevice;
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
          PathChecker checker = handle.init(FakeDevice.of("/dev/sdb"), CheckerOptions.defaults())) {
        assertThat(checker.checkAndWait().state()).isEqualTo(PathState.UP);
      }
    }
    assertEveryOpenedLoaderIsClosed();
    assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(context);
  }

  @Test
  void ofTwoPluginsOfOneNameTheFirstIsKeptAndTheOtherSkippedNamingBoth() {
    Path first = PluginFixtures.simple(plugins, "dup-a.jar", "com.example.dupa", "dup");
    Path second = PluginFixtures.simple(plugins, "dup-b.jar", "com.example.dupb", "dup");
    Path good = PluginFixtures.good(plugins);
    try (CheckerRegistry registry = builder().build()) {
      assertThat(registry.available())
          .extracting(CheckerDescriptor::name, CheckerDescriptor::origin)
          .contains(tuple("dup", first.toString()), tuple("good", good.toString()));
      assertThat(registry.problems())
          .singleElement()
          .asString()
          .contains("\"dup\" of " + second + " is skipped")
          .contains(first + " provides a checker of that name already");
    }
    assertThat(opened).hasSize(3);
    assertEveryOpenedLoaderIsClosed();
  }

  @Test
  void aPluginNamedLikeAClassPathProviderIsSkippedNamingBoth() {
    Path plugin = PluginFixtures.simple(plugins, "counting.jar", "com.example.counting", "counting");
    try (CheckerRegistry registry = builder().build()) {
      assertThat(registry.available())
          .extracting(CheckerDescriptor::name, CheckerDescriptor::origin)
          .contains(tuple("counting", "class path"));
      assertThat(registry.problems())
          .singleElement()
          .asString()
          .contains("\"counting\" of " + plugin + " is skipped")
          .contains("class path provides");
    }
    assertEveryOpenedLoaderIsClosed();
  }

  @Test
  void aPluginNamedNoneIsSkippedForTheBuiltIn() {
    Path plugin = PluginFixtures.simple(plugins, "none.jar", "com.example.none", "none");
    try (CheckerRegistry registry = builder().build()) {
      assertThat(registry.available())
          .extracting(CheckerDescriptor::name, CheckerDescriptor::origin)
          .contains(tuple("none", "built-in"));
      assertThat(registry.problems())
          .singleElement()
          .asString()
          .contains(plugin + " is skipped")
          .contains("built-in");
    }
  }

  @Test
  void aLinkBackToThePluginDirectoryOrAboveIsSkippedAndTheRestLoads() throws Exception {
    Path good = PluginFixtures.good(plugins);
    Path self = Files.createSymbolicLink(plugins.resolve("self"), Path.of("."));
    Path up = Files.createSymbolicLink(plugins.resolve("up"), Path.of(".."));
    try (CheckerRegistry registry = builder().build()) {
      assertThat(registry.available())
          .extracting(CheckerDescriptor::name, CheckerDescriptor::origin)
          .contains(tuple("good", good.toString()));
      assertThat(registry.problems())
          .hasSize(2)
          .anySatisfy(p -> assertThat(p).contains(self.toString()).contains("leads back to the plugin directory"))
          .anySatisfy(p -> assertThat(p).contains(up.toString()).contains("leads back to the plugin directory"));
    }
  }

  @Test
  void aLinkToAPluginSeenAlreadyIsSkippedAsTheSamePlugin() throws Exception {
    Path good = PluginFixtures.good(plugins);
    Path alias = Files.createSymbolicLink(plugins.resolve("same.jar"), Path.of("good.jar"));
    try (CheckerRegistry registry = builder().build()) {
      assertThat(registry.available())
          .extracting(CheckerDescriptor::name, CheckerDescriptor::origin)
          .contains(tuple("good", good.toString()));
      assertThat(registry.problems())
          .singleElement()
          .asString()
          .contains("plugin " + alias + " is skipped: it is " + good + " again");
    }
  }

  @Test
  void aCorruptJarIsReportedAsCorrupt() throws Exception {
    byte[] jar = Files.readAllBytes(PluginFixtures.simple(plugins, "intact.jar", "com.example.intact", "intact"));
    int endRecord = jar.length - 22;
    int centralDirectory =
        (jar[endRecord + 16] & 0xff)
            | (jar[endRecord + 17] & 0xff) << 8
            | (jar[endRecord + 18] & 0xff) << 16
            | (jar[endRecord + 19] & 0xff) << 24;
    Path random = Files.write(plugins.resolve("random.jar"), new java.util.Random(13).ints(4096)
        .collect(java.io.ByteArrayOutputStream::new, (out, i) -> out.write(i), (a, b) -> {}).toByteArray());
    Path truncated = Files.write(plugins.resolve("truncated.jar"), java.util.Arrays.copyOf(jar, jar.length / 2));
    byte[] data = jar.clone();
    for (int i = centralDirectory - 200; i < centralDirectory; i++) {
      data[i] ^= 0x5a; // the last entries' contents
    }
    Path badData = Files.write(plugins.resolve("bad-data.jar"), data);
    byte[] names = jar.clone();
    String service = "META-INF/services/" + io.github.pathcheck.api.CheckerProvider.class.getName();
    byte[] serviceBytes = service.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    int at = indexOf(names, serviceBytes, centralDirectory);
    assertThat(at).as("the service file's name in the central directory").isPositive();
    names[at] = 'X'; // its central directory lists a file its entries do not have
    Path badName = Files.write(plugins.resolve("bad-name.jar"), names);
    Files.delete(plugins.resolve("intact.jar"));

    try (CheckerRegistry registry = builder().build()) {
      assertThat(registry.problems()).hasSize(4);
      for (Path corrupt : List.of(random, truncated, badData, badName)) {
        assertThat(registry.problems())
            .anySatisfy(p -> assertThat(p)
                .contains("plugin " + corrupt + " is skipped: " + corrupt + " is a corrupt jar (")
                .contains("replace it with an intact copy"));
      }
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
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
