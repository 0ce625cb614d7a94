package io.github.pathcheck.testkit;

import io.github.pathcheck.api.CheckerProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Packs a checker's compiled classes into a plugin jar at test time, so {@link
 * CheckerContractKit#pluginJar()} can run the isolation contract before Maven has built the real jar. The kit
 * packs the package of its provider's class by default. A checker whose classes are not all in that package
 * overrides {@code pluginJar()}: with the jar its build made, or with the package of another of its providers:
 *
 * <pre>{@code
 * @Override
 * protected Optional<Path> pluginJar() {
 *   return Optional.of(PluginJars.packageOf(MyCheckerProvider.class));
 * }
 * }</pre>
 *
 * <p>The jar holds every class of the provider's package (not its subpackages) from where the provider was
 * loaded (a classes directory or a jar), and the project's own {@code
 * META-INF/services/io.github.pathcheck.api.CheckerProvider} from there when it has one (so a mistake in it
 * fails here as it would in the real jar), else one naming the provider; it records the SPI version in its
 * manifest ({@link CheckerProvider#SPI_VERSION_ATTRIBUTE}: {@link CheckerProvider#SPI_VERSION}),
 * as a plugin build does and a host requires. It is written
 * once per JVM to {@code plugin-jars/} beside the classes directory (Maven's {@code target/}) and deleted when
 * the JVM exits. Thread-safe.
 */
public final class PluginJars {
  private static final String SERVICE_FILE = "META-INF/services/" + CheckerProvider.class.getName();
  private static final Map<Class<?>, Path> built = new HashMap<>();

  private PluginJars() {}

  /**
   * Returns a plugin jar of {@code provider}'s package, naming {@code provider} as its only provider.
   *
   * @param provider the checker's provider class
   * @return the jar's path
   * @throws IllegalArgumentException if {@code provider} is not a public, concrete {@link CheckerProvider} with
   *     a public no-argument constructor, as {@link java.util.ServiceLoader} needs; the message says which
   * @throws IllegalStateException if the project's service file names a class that does not exist, is not a
   *     {@link CheckerProvider} or lies outside the provider's package, or does not name the provider; the
   *     message names the file, the class and the fix
   * @throws UncheckedIOException if the classes cannot be read or the jar written; the message names the
   *     provider
   */
  public static synchronized Path packageOf(Class<? extends CheckerProvider> provider) {
    Path cached = built.get(provider);
    if (cached != null) {
      return cached;
    }
    requireServiceProvider(provider);
    try {
      Path source = Path.of(provider.getProtectionDomain().getCodeSource().getLocation().toURI());
      String packagePath = provider.getPackageName().replace('.', '/') + "/";
      Optional<String> ownServiceFile = serviceFile(source);
      if (ownServiceFile.isPresent()) {
        requireValid(ownServiceFile.get(), source, provider);
      }
      Path jarDir = Files.createDirectories(source.resolveSibling("plugin-jars"));
      Path partial = Files.createTempFile(jarDir, provider.getSimpleName() + "-", ".jar");
      partial.toFile().deleteOnExit();
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(partial), manifest())) {
        if (Files.isDirectory(source)) {
          copyFromDirectory(source, packagePath, out);
        } else {
          copyFromJar(source, packagePath, out);
        }
        out.putNextEntry(new JarEntry(SERVICE_FILE));
        out.write(ownServiceFile.orElse(provider.getName() + "\n").getBytes(StandardCharsets.UTF_8));
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

  private static void requireServiceProvider(Class<?> provider) {
    String problem = null;
    if (!CheckerProvider.class.isAssignableFrom(provider)) {
      problem = "is not a " + CheckerProvider.class.getName();
    } else if (!Modifier.isPublic(provider.getModifiers()) || Modifier.isAbstract(provider.getModifiers())) {
      problem = "is not a public concrete class";
    } else if (provider.getEnclosingClass() != null && !Modifier.isStatic(provider.getModifiers())) {
      problem = "is an inner class";
    } else {
      try {
        if (!Modifier.isPublic(provider.getConstructor().getModifiers())) {
          problem = "has no public no-argument constructor";
        }
      } catch (NoSuchMethodException e) {
        problem = "has no public no-argument constructor";
      }
    }
    if (problem != null) {
      throw new IllegalArgumentException(
          provider.getName()
              + " "
              + problem
              + ": ServiceLoader cannot create it from a plugin jar (fix: name a public class implementing"
              + " CheckerProvider with a public no-argument constructor)");
    }
  }

  /** The project's own service file where the provider was loaded from, if it has one. */
  private static Optional<String> serviceFile(Path source) throws IOException {
    if (Files.isDirectory(source)) {
      Path file = source.resolve(SERVICE_FILE);
      return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
    }
    try (JarFile jar = new JarFile(source.toFile())) {
      JarEntry entry = jar.getJarEntry(SERVICE_FILE);
      if (entry == null) {
        return Optional.empty();
      }
      try (InputStream in = jar.getInputStream(entry)) {
        return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
  }

  /** Every class the service file names exists, is a provider in the packed package; the provider is named. */
  private static void requireValid(String serviceFile, Path source, Class<? extends CheckerProvider> provider) {
    String where = source.resolve(SERVICE_FILE) + " (from src/main/resources or the test resources)";
    Set<String> named = new LinkedHashSet<>();
    for (String line : serviceFile.split("\n")) {
      int comment = line.indexOf('#');
      String name = (comment < 0 ? line : line.substring(0, comment)).strip();
      if (!name.isEmpty()) {
        named.add(name);
      }
    }
    for (String name : named) {
      Class<?> type;
      try {
        type = Class.forName(name, false, provider.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalStateException(
            where + " names " + name + ", which does not exist: a host loading the plugin would fail"
                + " (fix: correct the name in the service file to the provider's binary name, e.g. "
                + provider.getName() + ")", e);
      }
      if (!CheckerProvider.class.isAssignableFrom(type)) {
        throw new IllegalStateException(
            where + " names " + name + ", which is not a " + CheckerProvider.class.getName()
                + " (fix: name only classes that implement CheckerProvider)");
      }
      if (!type.getPackageName().equals(provider.getPackageName())) {
        throw new IllegalStateException(
            where + " names " + name + ", outside the package " + provider.getPackageName()
                + " that the plugin jar of " + provider.getName() + " packs (fix: give each checker a package of"
                + " its own and a service file that names the providers of that package only)");
      }
    }
    if (!named.contains(provider.getName())) {
      throw new IllegalStateException(
          where + " does not name " + provider.getName() + ", so a host would not find it in the plugin jar"
              + " (fix: add the line " + provider.getName() + " to it)");
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
