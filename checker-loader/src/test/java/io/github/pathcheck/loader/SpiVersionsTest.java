package io.github.pathcheck.loader;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.api.CheckerProvider;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin carries the SPI version its build wrote into its manifest; the registry skips one built for an
 * incompatible SPI, or without a version, with one problem line naming the plugin, both versions and the fix.
 */
class SpiVersionsTest {
  @TempDir Path dir;

  @Test
  void sameMajorAndNoNewerMinorIsCompatible() {
    assertThat(SpiVersions.isCompatible("1.0", "1.0")).isTrue();
    assertThat(SpiVersions.isCompatible("1.0", "1.3")).isTrue();
    assertThat(SpiVersions.isCompatible("1.4", "1.3")).isFalse();
    assertThat(SpiVersions.isCompatible("0.9", "1.0")).isFalse();
    assertThat(SpiVersions.isCompatible("2.0", "1.0")).isFalse();
    assertThat(SpiVersions.isCompatible("one", "1.0")).isFalse();
  }

  @Test
  void theRegistrySkipsPluginsBuiltForAnotherSpiOrForNone() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    writePlugin(plugins.resolve("future.jar"), "future", "2.0");
    writePlugin(plugins.resolve("unversioned.jar"), "unversioned", null);
    try (CheckerRegistry registry = CheckerRegistry.builder().pluginDirectory(plugins).build()) {
      assertThat(registry.available()).noneMatch(CheckerDescriptor::isPlugin);
      assertThat(registry.problems())
          .anySatisfy(
              line ->
                  assertThat(line)
                      .contains(plugins.resolve("future.jar").toString())
                      .contains("built for SPI 2.0")
                      .contains("this host has SPI " + CheckerProvider.SPI_VERSION)
                      .contains("use a build of the plugin for SPI 1.x"))
          .anySatisfy(
              line ->
                  assertThat(line)
                      .contains(plugins.resolve("unversioned.jar").toString())
                      .contains("no " + CheckerProvider.SPI_VERSION_ATTRIBUTE)
                      .contains("rebuild the plugin"));
    }
  }

  @Test
  void aCheckerOfTheHostHasTheHostsSpiVersion() {
    try (CheckerRegistry registry = CheckerRegistry.builder().build()) {
      assertThat(registry.available())
          .filteredOn(d -> d.name().equals("none"))
          .singleElement()
          .extracting(CheckerDescriptor::spiVersion)
          .isEqualTo(CheckerProvider.SPI_VERSION);
    }
  }

  /** A jar that declares a provider (which need not exist: discovery refuses it before loading anything). */
  private static void writePlugin(Path jar, String name, String spiVersion) throws Exception {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (spiVersion != null) {
      manifest.getMainAttributes().putValue(CheckerProvider.SPI_VERSION_ATTRIBUTE, spiVersion);
    }
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      out.putNextEntry(new JarEntry("META-INF/services/" + CheckerProvider.class.getName()));
      out.write(("com.example." + name + ".Provider\n").getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
  }
}
