package io.github.pathcheck.testkit;

import io.github.pathcheck.api.CheckerProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Packs a checker's compiled classes into a plugin jar at test time, so {@link
 * CheckerContractKit#pluginJar()} can run the isolation contract before Maven has built the real jar:
 *
 * <pre>{@code
 * @Override
 * protected Optional<Path> pluginJar() {
 *   return Optional.of(PluginJars.packageOf(MyCheckerProvider.class));
 * }
 * }</pre>
 *
 * <p>The jar holds every class of the provider's package (not its subpackages) from where the provider was
 * loaded (a classes directory or a jar), names the provider in {@code META-INF/services}, and records the SPI
 * version in its manifest ({@link CheckerProvider#SPI_VERSION_ATTRIBUTE}: {@link CheckerProvider#SPI_VERSION}),
 * as a plugin build does and a host requires. It is written
 * once per JVM to {@code plugin-jars/} beside the classes directory (Maven's {@code target/}) and deleted when
 * the JVM exits. Thread-safe.
 */
public final class PluginJars {
  private static final Map<Class<?>, Path> built = new HashMap<>();

  private PluginJars() {}

  /**
   * Returns a plugin jar of {@code provider}'s package, naming {@code provider} as its only provider.
   *
   * @param provider the checker's provider class
   * @return the jar's path
   * @throws UncheckedIOException if the classes cannot be read or the jar written; the message names the
   *     provider
   */
  public static synchronized Path packageOf(Class<? extends CheckerProvider> provider) {
    Path cached = built.get(provider);
    if (cached != null) {
      return cached;
    }
    try {
      Path source = Path.of(provider.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path jarDir = Files.createDirectories(source.resolveSibling("plugin-jars"));
      Path partial = Files.createTempFile(jarDir, provider.getSimpleName() + "-", ".jar");
      partial.toFile().deleteOnExit();
      String packagePath = provider.getPackageName().replace('.', '/') + "/";
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(partial), manifest())) {
        if (Files.isDirectory(source)) {
          copyFromDirectory(source, packagePath, out);
        } else {
          copyFromJar(source, packagePath, out);
        }
        out.putNextEntry(new JarEntry("META-INF/services/" + CheckerProvider.class.getName()));
        out.write((provider.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
      built.put(provider, partial);
      return partial;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build a plugin jar of " + provider.getName(), e);
    } catch (URISyntaxException | SecurityException e) {
      throw new IllegalStateException("cannot find where " + provider.getName() + " was loaded from", e);
    }
  }

  /** The manifest of every plugin jar: the SPI version it was built against. */
  private static Manifest manifest() {
    Manifest manifest = new Manifest();
    Attributes attributes = manifest.getMainAttributes();
    attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    attributes.putValue(CheckerProvider.SPI_VERSION_ATTRIBUTE, CheckerProvider.SPI_VERSION);
    return manifest;
  }

  private static void copyFromDirectory(Path classes, String packagePath, JarOutputStream out)
      throws IOException {
    List<Path> classFiles;
    try (Stream<Path> files = Files.list(classes.resolve(packagePath))) {
      classFiles = files.filter(f -> f.toString().endsWith(".class")).sorted().collect(Collectors.toList());
    }
    for (Path classFile : classFiles) {
      out.putNextEntry(new JarEntry(packagePath + classFile.getFileName()));
      out.write(Files.readAllBytes(classFile));
      out.closeEntry();
    }
  }

  private static void copyFromJar(Path jar, String packagePath, JarOutputStream out) throws IOException {
    try (JarFile in = new JarFile(jar.toFile())) {
      for (JarEntry entry : (Iterable<JarEntry>) in.stream()::iterator) {
        String name = entry.getName();
        if (name.startsWith(packagePath)
            && name.endsWith(".class")
            && name.indexOf('/', packagePath.length()) < 0) {
          out.putNextEntry(new JarEntry(name));
          try (InputStream classBytes = in.getInputStream(entry)) {
            classBytes.transferTo(out);
          }
          out.closeEntry();
        }
      }
    }
  }
}
