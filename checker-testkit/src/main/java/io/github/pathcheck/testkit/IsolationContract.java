package io.github.pathcheck.testkit;

import static io.github.pathcheck.testkit.KitFixture.GC_ATTEMPTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.loader.CheckerDescriptor;
import io.github.pathcheck.loader.CheckerHandle;
import io.github.pathcheck.loader.CheckerRegistry;
import io.github.pathcheck.loader.PathChecker;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Assumptions;

/**
 * The isolation contract of {@link CheckerContractKit}: the checker, from its plugin jar, is loaded in a class
 * loader of its own through a {@link CheckerRegistry}, unloaded, and that loader is garbage-collected; if
 * something holds it, the failure names what.
 */
final class IsolationContract {
  private final KitFixture fixture;

  IsolationContract(KitFixture fixture) {
    this.fixture = fixture;
  }

  void pluginClassLoaderIsCollectedAfterUnload() throws Exception {
    Optional<Path> jar = fixture.pluginJar();
    Assumptions.assumeTrue(
        jar.isPresent(),
        "pluginJar() is empty: override pluginJar() to return the checker's plugin jar to run the isolation"
            + " contract");
    Path pluginDirectory = Files.createDirectories(fixture.scratchDirectory().resolve("plugins"));
    Path copy = Files.copy(jar.get(), pluginDirectory.resolve(jar.get().getFileName().toString()));
    Set<String> pluginClasses = classNames(copy);
    PluginRun run = runThroughRegistry(pluginDirectory, pluginClasses);
    KitFixture.collectUntilCleared(run.loaders);
    ClassLoader survivor = run.firstReachable();
    if (survivor != null) {
      String loaderName = String.valueOf(survivor);
      List<String> holders = ClassLoaderHolders.describe(survivor, pluginClasses);
      survivor = null;
      fail(
          "the plugin's class loader ("
              + loaderName
              + ") is still reachable after its checker was unloaded, the registry closed,"
              + " whenUnloadsReleased() completed and "
              + GC_ATTEMPTS
              + " garbage collections; "
              + (holders.isEmpty()
                  ? "no live thread or JNA cache holds it: take a heap dump (jcmd <pid> GC.heap_dump) and"
                      + " look for the paths to it"
                  : "held by:\n  - " + String.join("\n  - ", holders))
          + "\n(rule: after unload nothing outside the plugin refers to its classes; fix: stop its threads and"
          + " pools in onUnload(), remove its log handlers, shutdown hooks and ThreadLocal values, and call"
          + " native code through checker-native rather than Native.load/Native.register)");
    }
  }

  /** Runs the lifecycle through a registry; leaves only weak references to the plugin's loaders. */
  private PluginRun runThroughRegistry(Path pluginDirectory, Set<String> pluginClasses) throws Exception {
    String name = fixture.provider().name();
    TestDevice device = fixture.device();
    HostClassLoader host = new HostClassLoader(fixture.testClassLoader(), pluginClasses);
    CheckerRegistry registry =
        CheckerRegistry.builder()
            .pluginDirectory(pluginDirectory)
            .classOptions(name, fixture.classOptions())
            .hostClassLoader(host)
            .build();
    List<WeakReference<ClassLoader>> weakLoaders = new ArrayList<>();
    try {
      CheckerDescriptor descriptor =
          registry.available().stream()
              .filter(d -> d.name().equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new AssertionError(
                          "the plugin jar offers no checker named "
                              + name
                              + "; found "
                              + registry.available()
                              + ", problems: "
                              + registry.problems()
                              + " (a plugin jar's manifest must say "
                              + CheckerProvider.SPI_VERSION_ATTRIBUTE
                              + ": "
                              + CheckerProvider.SPI_VERSION
                              + ", and the service file name the provider)"));
      assertThat(descriptor.isPlugin()).as("%s comes from the plugin jar", descriptor).isTrue();
      try (CheckerHandle handle = registry.acquire(name)) {
        PathChecker checker = handle.init(device, fixture.checkerOptions());
        try {
          CheckResult answer = checker.check();
          assertThat(answer).as("the plugin checker's check()").isNotNull();
          Duration bound = fixture.answerBound();
          if (answer.isPending()) {
            answer = checker.awaitAnswer(bound);
          }
          assertThat(answer.isPending())
              .as("the plugin checker still answered pending after %s s", bound.toSeconds())
              .isFalse();
          assertThat(answer.state()).as("the plugin checker's answer (%s)", answer).isEqualTo(fixture.expectedState());
        } finally {
          checker.close();
        }
        List<ClassLoader> loaders = host.pluginLoaders();
        if (loaders.isEmpty()) {
          throw new AssertionError(
              "no class of the plugin jar ran in a class loader of its own: the registry loaded the " + name
                  + " checker from elsewhere");
        }
        for (ClassLoader loader : loaders) {
          assertThat(loader)
              .as("the class loader of the plugin's classes")
              .isNotSameAs(CheckerContractKit.class.getClassLoader())
              .isNotSameAs(fixture.provider().getClass().getClassLoader());
          weakLoaders.add(new WeakReference<>(loader));
        }
      }
    } finally {
      registry.close();
    }
    fixture.awaitStage(
        registry.whenUnloadsReleased(),
        "CheckerRegistry.whenUnloadsReleased() after closing the plugin's registry");
    return new PluginRun(weakLoaders);
  }

  private static Set<String> classNames(Path jar) throws Exception {
    Set<String> names = new HashSet<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry entry : Collections.list(file.entries())) {
        String entryName = entry.getName();
        if (entryName.endsWith(".class") && !entryName.endsWith("module-info.class")) {
          names.add(entryName.substring(0, entryName.length() - ".class".length()).replace('/', '.'));
        }
      }
    }
    return names;
  }

  /** What a run through a registry leaves: weak references to the plugin's loaders. */
  private static final class PluginRun {
    final List<WeakReference<ClassLoader>> loaders;

    PluginRun(List<WeakReference<ClassLoader>> loaders) {
      this.loaders = List.copyOf(loaders);
    }

    ClassLoader firstReachable() {
      for (WeakReference<ClassLoader> loader : loaders) {
        ClassLoader l = loader.get();
        if (l != null) {
          return l;
        }
      }
      return null;
    }
  }
}
