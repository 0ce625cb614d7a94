package io.github.pathcheck.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.shared.Greeting;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.fixtures.FakeDevice;
import java.net.URL;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each point of the isolation policy (see the package documentation), on real plugin jars. */
class PluginIsolationTest {
  @TempDir static Path plugins;

  private static CheckerRegistry registry;
  private static CheckerHandle good;
  private static PluginClassLoader goodLoader;

  @BeforeAll
  static void loadPlugins() {
    PluginFixtures.good(plugins);
    PluginFixtures.childFirst(plugins);
    PluginFixtures.peek(plugins);
    registry = CheckerRegistry.builder().pluginDirectory(plugins).build();
    good = registry.acquire("good");
    goodLoader = (PluginClassLoader) good.loadedClass().contextLoader();
  }

  @AfterAll
  static void close() {
    goodLoader = null;
    good.close();
    registry.close();
  }

  private static Class<?> loadFromPlugin(String name) throws ClassNotFoundException {
    return Class.forName(name, false, goodLoader);
  }

  @Test
  void eachPluginHasItsOwnLoader() {
    try (CheckerHandle peek = registry.acquire("peek")) {
      ClassLoader peekLoader = peek.loadedClass().contextLoader();
      assertThat(peekLoader).isInstanceOf(PluginClassLoader.class).isNotSameAs(goodLoader);
      assertThat(goodLoader.origin()).isEqualTo(plugins.resolve("good.jar"));
    }
  }

  @Test
  void javaAndThePlatformComeFromTheJdk() throws Exception {
    assertThat(loadFromPlugin("java.lang.String")).isSameAs(String.class);
    Class<?> sql = loadFromPlugin("java.sql.Connection");
    assertThat(sql.getClassLoader()).isSameAs(ClassLoader.getPlatformClassLoader());
    Class<?> xml = loadFromPlugin("javax.xml.parsers.DocumentBuilder");
    assertThat(xml).isSameAs(Class.forName("javax.xml.parsers.DocumentBuilder"));
  }

  @Test
  void theSpiAndSlf4jAreTheHosts() throws Exception {
    assertThat(loadFromPlugin("io.github.pathcheck.api.PathState")).isSameAs(PathState.class);
    assertThat(loadFromPlugin("io.github.pathcheck.api.CheckerProvider")).isSameAs(CheckerProvider.class);
    assertThat(loadFromPlugin("org.slf4j.Logger")).isSameAs(org.slf4j.Logger.class);
    assertThat(goodLoader.getResource("org/slf4j/Logger.class"))
        .isEqualTo(getClass().getClassLoader().getResource("org/slf4j/Logger.class"));
  }

  @Test
  void copiesOfSharedPackagesInThePluginAreNeverUsed() throws Exception {
    for (String name :
        List.of(
            "io.github.pathcheck.api.FakeApi",
            "io.github.pathcheck.nativeio.FakeNative",
            "com.sun.jna.FakeJna",
            "org.slf4j.FakeSlf4j")) {
      // The jar has the class, but the host decides, and the host has none.
      assertThat(goodLoader.findResource(name.replace('.', '/') + ".class")).as(name).isNotNull();
      assertThatThrownBy(() -> loadFromPlugin(name)).as(name).isInstanceOf(ClassNotFoundException.class);
    }
    assertThat(goodLoader.findResource("org/slf4j/fake.txt")).isNotNull();
    assertThat(goodLoader.getResource("org/slf4j/fake.txt")).isNull();
  }

  @Test
  void everythingElseComesFromThePluginFirst() throws Exception {
    assertThat(loadFromPlugin("com.example.good.Helper").getClassLoader()).isSameAs(goodLoader);
    assertThat(goodLoader.getResource("com/example/good/data.txt")).isNotNull();
  }

  @Test
  void nothingElseOfTheHostIsVisible() {
    for (String hostOnly :
        List.of(
            "com.google.common.collect.ImmutableList",
            "io.github.pathcheck.loader.CheckerRegistry",
            "io.github.pathcheck.loader.CountingCheckerProvider",
            "com.example.shared.Greeting",
            "org.junit.jupiter.api.Test")) {
      assertThatThrownBy(() -> loadFromPlugin(hostOnly))
          .as(hostOnly)
          .isInstanceOf(ClassNotFoundException.class);
      assertThat(goodLoader.getResource(hostOnly.replace('.', '/') + ".class")).as(hostOnly).isNull();
    }
    assertThat(goodLoader.getResource("simplelogger.properties")).isNull();
  }

  @Test
  void thePluginsServiceFilesAreItsOwnOnly() throws Exception {
    List<URL> services =
        Collections.list(goodLoader.getResources("META-INF/services/" + CheckerProvider.class.getName()));
    assertThat(services).singleElement().asString().contains("good.jar");
  }

  @Test
  void aPluginTryingToSeeHostClassesCannot() throws Exception {
    try (CheckerHandle peek = registry.acquire("peek");
        PathChecker checker = peek.init(FakeDevice.of("/dev/sdb"), CheckerOptions.defaults())) {
      CheckResult answer = checker.checkAndWait();
      assertThat(answer.state()).isEqualTo(PathState.UP);
      assertThat(answer.message())
          .contains("com.google.common.base.Strings=hidden")
          .contains("io.github.pathcheck.loader.CheckerRegistry=hidden")
          .contains("com.example.shared.Greeting=hidden")
          .contains("org.slf4j.Logger=visible")
          .contains("io.github.pathcheck.api.PathState=visible")
          .contains("java.sql.Connection=visible")
          .contains("services=1");
    }
  }

  @Test
  void aDirectoryPluginSeesItsOwnVersionOfAClassTheHostAlsoHas() throws Exception {
    assertThat(Greeting.version()).isEqualTo("host");
    try (CheckerHandle childFirst = registry.acquire("childfirst");
        PathChecker checker = childFirst.init(FakeDevice.of("/dev/sdb"), CheckerOptions.defaults())) {
      assertThat(checker.checkAndWait().message()).isEqualTo(" sees greeting plugin");
      Class<?> pluginGreeting =
          Class.forName("com.example.shared.Greeting", false, childFirst.loadedClass().contextLoader());
      assertThat(pluginGreeting).isNotSameAs(Greeting.class);
      assertThat(pluginGreeting.getProtectionDomain().getCodeSource().getLocation().getPath())
          .endsWith("greeting-2.0.jar");
    }
  }

  @Test
  void theContextClassLoaderIsRestored() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    try (CheckerHandle childFirst = registry.acquire("childfirst")) {
      assertThat(childFirst.loadedClass().contextLoader()).isNotSameAs(context);
      assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(context);
    }
    assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(context);
  }
}
