package io.github.pathcheck.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.faulty.CorrectCheckerProvider;
import io.github.pathcheck.api.CheckerProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/** What a plugin jar built at test time holds: what a host needs to load it. */
class PluginJarsTest {

  @Test
  void theJarNamesTheSpiVersionTheProviderAndHoldsThePackagesClasses() throws Exception {
    Path jar = PluginJars.packageOf(CorrectCheckerProvider.class);

    assertThat(PluginJars.packageOf(CorrectCheckerProvider.class)).as("built once").isEqualTo(jar);
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      assertThat(manifest).as("the jar's manifest").isNotNull();
      assertThat(manifest.getMainAttributes().getValue(CheckerProvider.SPI_VERSION_ATTRIBUTE))
          .as("the manifest's %s", CheckerProvider.SPI_VERSION_ATTRIBUTE)
          .isEqualTo(CheckerProvider.SPI_VERSION);
      String service =
          new String(
              file.getInputStream(file.getEntry("META-INF/services/" + CheckerProvider.class.getName()))
                  .readAllBytes(),
              StandardCharsets.UTF_8);
      assertThat(service).isEqualTo(CorrectCheckerProvider.class.getName() + "\n");
      assertThat(file.getEntry("com/example/faulty/FaultyChecker.class")).isNotNull();
    }
  }
}
