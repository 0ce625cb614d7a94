package io.github.pathcheck.loader;

import io.github.pathcheck.api.CheckerProvider;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Builds plugin jars at test time: compiles Java sources with the system compiler against the test class path
 * (plus any extra entries), and writes them, with their resources and their {@code
 * META-INF/services/io.github.pathcheck.api.CheckerProvider} file, into a jar whose manifest records the SPI
 * version the plugin was built against ({@code Pathcheck-SPI-Version: 1.0}), as a plugin's build does.
 *
 * <pre>{@code
 * Path jar = PluginJarBuilder.create()
 *     .source("com.example.good.Provider", "package com.example.good; ...")
 *     .provider("com.example.good.Provider")
 *     .writeTo(pluginDir.resolve("good.jar"));
 * }</pre>
 *
 * <p>Not thread-safe; one builder per jar. Compilation errors throw {@link IllegalStateException} with the
 * compiler's diagnostics.
 */
public final class PluginJarBuilder {
  private final Map<String, String> sources = new LinkedHashMap<>();
  private final List<String> providers = new ArrayList<>();
  private final Map<String, byte[]> resources = new LinkedHashMap<>();
  private final List<Path> classPath = new ArrayList<>();
  private String spiVersion = CheckerProvider.SPI_VERSION;

  private PluginJarBuilder() {}

  /** Returns an empty builder. */
  public static PluginJarBuilder create() {
    return new PluginJarBuilder();
  }

  /** Adds the source of the top-level class {@code className} (a binary name such as {@code a.b.C}). */
  public PluginJarBuilder source(String className, String code) {
    sources.put(className, code);
    return this;
  }

  /** Adds a line to the jar's {@code META-INF/services/io.github.pathcheck.api.CheckerProvider}. */
  public PluginJarBuilder provider(String className) {
    providers.add(className);
    return this;
  }

  /** Adds a resource, such as {@code com/example/data.txt}. */
  public PluginJarBuilder resource(String name, String content) {
    resources.put(name, content.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** Adds a class path entry to compile against, before the test class path (such as a dependency jar). */
  public PluginJarBuilder classPath(Path entry) {
    classPath.add(entry);
    return this;
  }

  /**
   * Sets the {@link CheckerProvider#SPI_VERSION_ATTRIBUTE} the jar's manifest records: {@link
   * CheckerProvider#SPI_VERSION} by default, as a plugin's build writes it; null leaves the attribute out.
   */
  public PluginJarBuilder spiVersion(String version) {
    this.spiVersion = version;
    return this;
  }

  /** Compiles the sources and writes the jar to {@code jar} (creating its directory), returning it. */
  public Path writeTo(Path jar) {
    Path classes = null;
    try {
      classes = Files.createTempDirectory("plugin-classes");
      if (!sources.isEmpty()) {
        compile(classes);
      }
      Files.createDirectories(jar.toAbsolutePath().getParent());
      writeJar(classes, jar);
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build plugin jar " + jar, e);
    } finally {
      if (classes != null) {
        deleteRecursively(classes);
      }
    }
  }

  private void compile(Path out) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new IllegalStateException("no system Java compiler: run the tests on a JDK, not a JRE");
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files =
        compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(out.toFile()));
      List<JavaFileObject> units =
          sources.entrySet().stream()
              .map(e -> new StringSource(e.getKey(), e.getValue()))
              .collect(Collectors.toList());
      List<String> options =
          List.of(
              "-classpath", compileClassPath(), "--release", "17", "-proc:none", "-implicit:none",
              "-Xlint:none");
      boolean ok = compiler.getTask(null, files, diagnostics, options, null, units).call();
      if (!ok) {
        throw new IllegalStateException(
            "cannot compile plugin sources " + sources.keySet() + ": " + diagnostics.getDiagnostics());
      }
    }
  }

  private String compileClassPath() {
    List<String> entries = new ArrayList<>();
    classPath.forEach(p -> entries.add(p.toString()));
    entries.add(System.getProperty("java.class.path"));
    String modulePath = System.getProperty("jdk.module.path");
    if (modulePath != null) {
      entries.add(modulePath);
    }
    // The SPI, wherever the test runtime put it.
    entries.add(
        Path.of(URI.create(
                CheckerProvider.class.getProtectionDomain().getCodeSource().getLocation().toString()))
            .toString());
    return String.join(File.pathSeparator, entries);
  }

  private void writeJar(Path classes, Path jar) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (spiVersion != null) {
      manifest.getMainAttributes().putValue(CheckerProvider.SPI_VERSION_ATTRIBUTE, spiVersion);
    }
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
        Stream<Path> walk = Files.walk(classes)) {
      for (Path file : walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
        String name = classes.relativize(file).toString().replace(File.separatorChar, '/');
        put(out, name, Files.readAllBytes(file));
      }
      for (Map.Entry<String, byte[]> resource : resources.entrySet()) {
        put(out, resource.getKey(), resource.getValue());
      }
      if (!providers.isEmpty()) {
        put(
            out,
            "META-INF/services/" + CheckerProvider.class.getName(),
            (String.join("\n", providers) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static void put(JarOutputStream out, String name, byte[] content) throws IOException {
    out.putNextEntry(new JarEntry(name));
    out.write(content);
    out.closeEntry();
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class StringSource extends SimpleJavaFileObject {
    private final String code;

    StringSource(String className, String code) {
      super(
          URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension),
          Kind.SOURCE);
      this.code = code;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return code;
    }
  }
}
