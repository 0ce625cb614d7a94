package io.github.pathcheck.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.example.faulty.CorrectCheckerProvider;
import io.github.pathcheck.api.CheckerProvider;
import java.nio.charset.StandardCharsets;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
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

  @Test
  void aClassThatIsNotAProviderIsRefusedWithTheFix() {
    @SuppressWarnings({"unchecked", "rawtypes"})
    Class<? extends CheckerProvider> notAProvider = (Class) String.class;

    assertThatIllegalArgumentException()
        .isThrownBy(() -> PluginJars.packageOf(notAProvider))
        .withMessageContaining("java.lang.String is not a io.github.pathcheck.api.CheckerProvider")
        .withMessageContaining("fix: name a public class implementing CheckerProvider");
  }

  @Test
  void theProjectsOwnServiceFileIsPackedAndAClassItNamesThatDoesNotExistIsRefused(@TempDir Path classes)
      throws Exception {
    Path packageDir = Files.createDirectories(classes.resolve("com/example/faulty"));
    Path compiled = Path.of(CorrectCheckerProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (Stream<Path> files = Files.list(compiled.resolve("com/example/faulty"))) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.copy(file, packageDir.resolve(file.getFileName().toString()));
      }
    }
    Path serviceFile = Files.createDirectories(classes.resolve("META-INF/services")).resolve(CheckerProvider.class.getName());
    String own = "# the project's own\n" + CorrectCheckerProvider.class.getName() + "\n";
    Files.writeString(serviceFile, own);

    try (PackageFirstLoader loader = new PackageFirstLoader(classes)) {
      Path jar = PluginJars.packageOf(providerIn(loader));
      try (JarFile file = new JarFile(jar.toFile())) {
        assertThat(new String(file.getInputStream(file.getEntry("META-INF/services/" + CheckerProvider.class.getName())).readAllBytes(), StandardCharsets.UTF_8))
            .as("the service file in the jar").isEqualTo(own);
      }
    }

    Files.writeString(serviceFile, "com.example.faulty.CorectCheckerProvider\n");
    try (PackageFirstLoader loader = new PackageFirstLoader(classes)) {
      assertThatIllegalStateException()
          .isThrownBy(() -> PluginJars.packageOf(providerIn(loader)))
          .withMessageContaining(serviceFile.toString())
          .withMessageContaining("names com.example.faulty.CorectCheckerProvider, which does not exist")
          .withMessageContaining("fix: correct the name in the service file");
    }

    Files.writeString(serviceFile, "com.example.faulty.Fault\n");
    try (PackageFirstLoader loader = new PackageFirstLoader(classes)) {
      assertThatIllegalStateException()
          .isThrownBy(() -> PluginJars.packageOf(providerIn(loader)))
          .withMessageContaining("names com.example.faulty.Fault, which is not a io.github.pathcheck.api.CheckerProvider");
    }
  }

  @SuppressWarnings("unchecked")
  private static Class<? extends CheckerProvider> providerIn(ClassLoader loader) throws ClassNotFoundException {
    return (Class<? extends CheckerProvider>) loader.loadClass(CorrectCheckerProvider.class.getName());
  }

  /** Defines com.example.faulty from a directory of its own, so that directory is the provider's code source. */
  private static final class PackageFirstLoader extends URLClassLoader {
    PackageFirstLoader(Path classes) throws Exception {
      super(new URL[] {classes.toUri().toURL()}, PluginJarsTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        if (name.startsWith("com.example.faulty.")) {
          Class<?> loaded = findLoadedClass(name);
          return loaded != null ? loaded : findClass(name);
        }
        return super.loadClass(name, resolve);
      }
    }
  }
}
