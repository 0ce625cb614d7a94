package io.github.pathcheck.testkit;

import io.github.pathcheck.api.CheckerProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Packs the compiled test classes of one package into a plugin jar with a {@code META-INF/services} entry
 * for one provider. (The loader's PluginJarBuilder compiles sources; these classes are compiled already,
 * and the kit also runs them from the class path.)
 */
final class PluginJars {
  private PluginJars() {}

  /**
   * Returns {@code target/plugin-jars/<provider simple name>.jar}, holding every class of {@code provider}'s
   * package and naming {@code provider} as the plugin's only provider. Built on first use.
   */
  static synchronized Path of(Class<? extends CheckerProvider> provider) {
    try {
      Path classes = Path.of(provider.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path jar = classes.resolveSibling("plugin-jars").resolve(provider.getSimpleName() + ".jar");
      if (Files.exists(jar)) {
        return jar;
      }
      Files.createDirectories(jar.getParent());
      Path packageDir = classes.resolve(provider.getPackageName().replace('.', '/'));
      List<Path> classFiles;
      try (Stream<Path> files = Files.list(packageDir)) {
        classFiles =
            files.filter(f -> f.toString().endsWith(".class")).sorted().collect(Collectors.toList());
      }
      Path partial = Files.createTempFile(jar.getParent(), "partial-", ".jar");
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(partial))) {
        for (Path classFile : classFiles) {
          out.putNextEntry(new JarEntry(classes.relativize(classFile).toString()));
          out.write(Files.readAllBytes(classFile));
          out.closeEntry();
        }
        out.putNextEntry(new JarEntry("META-INF/services/" + CheckerProvider.class.getName()));
        out.write((provider.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
      return Files.move(partial, jar);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build the plugin jar of " + provider.getName(), e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
