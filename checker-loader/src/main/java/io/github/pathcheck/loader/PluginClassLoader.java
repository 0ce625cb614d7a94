package io.github.pathcheck.loader;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The class loader of one plugin (a jar, or a directory of jars), which the registry closes and drops once
 * the plugin's checker classes are unloaded and released.
 *
 * <p><b>Isolation.</b> Classes and resources are found as follows, by the package of their name (a resource
 * {@code a/b/C.txt} is in package {@code a.b}; {@code META-INF/services/...} in {@code META-INF.services}):
 *
 * <ol>
 *   <li>the packages of {@code java.*} and of every JDK module of the boot layer defined to the boot or the
 *       platform class loader: the platform class loader only (parent-first);
 *   <li>{@code io.github.pathcheck.api}, {@code io.github.pathcheck.nativeio}, {@code com.sun.jna}, {@code
 *       org.slf4j}, and their subpackages: the host's class loader only (parent-first), so plugin and host share
 *       one SPI, one set of native bindings and one logging backend; copies in the plugin's jars are ignored;
 *   <li>everything else: the plugin's own jars first (child-first), then the platform class loader.
 * </ol>
 *
 * <p>Nothing else of the host is visible: a plugin cannot load the host's Guava, its {@code
 * io.github.pathcheck.loader} classes, or any other class of the host's class path or module path, and
 * {@link #getResources} never returns the host's {@code META-INF/services} files, so a plugin's own {@link
 * java.util.ServiceLoader} sees only the plugin's providers.
 *
 * <p>Thread-safe (parallel-capable).
 */
final class PluginClassLoader extends URLClassLoader {
  static {
    ClassLoader.registerAsParallelCapable();
  }

  /** The packages (and their subpackages) a plugin shares with its host. */
  static final List<String> HOST_PACKAGES =
      List.of("io.github.pathcheck.api", "io.github.pathcheck.nativeio", "com.sun.jna", "org.slf4j");

  private static final Set<String> PLATFORM_PACKAGES = platformPackages();

  private final Path origin;
  private final ClassLoader host;
  private volatile boolean closed;

  PluginClassLoader(Path origin, List<URL> jars, ClassLoader host) {
    super("plugin " + origin, jars.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    this.origin = origin;
    this.host = Objects.requireNonNull(host, "host");
  }

  /** Returns the plugin jar or directory this loader reads. */
  Path origin() {
    return origin;
  }

  /** Returns whether {@link #close()} was called. */
  boolean isClosed() {
    return closed;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    String pkg = packageOf(name, '.');
    if (isHostPackage(pkg)) {
      return host.loadClass(name);
    }
    if (isPlatformPackage(pkg)) {
      return getParent().loadClass(name);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        try {
          c = findClass(name);
        } catch (ClassNotFoundException notInPlugin) {
          c = getParent().loadClass(name);
        }
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  @Override
  public URL getResource(String name) {
    Objects.requireNonNull(name, "name");
    if (climbs(name)) {
      return null;
    }
    String pkg = packageOf(name, '/');
    if (isHostPackage(pkg)) {
      return host.getResource(name);
    }
    if (isPlatformPackage(pkg)) {
      return getParent().getResource(name);
    }
    URL own = findResource(name);
    return own != null ? own : getParent().getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    Objects.requireNonNull(name, "name");
    if (climbs(name)) {
      return Collections.emptyEnumeration();
    }
    String pkg = packageOf(name, '/');
    if (isHostPackage(pkg)) {
      return host.getResources(name);
    }
    if (isPlatformPackage(pkg)) {
      return getParent().getResources(name);
    }
    List<URL> urls = new ArrayList<>(Collections.list(findResources(name)));
    urls.addAll(Collections.list(getParent().getResources(name)));
    return Collections.enumeration(urls);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    super.close();
  }

  @Override
  public String toString() {
    return "PluginClassLoader[" + origin + (closed ? ", closed]" : "]");
  }

  static boolean isHostPackage(String pkg) {
    for (String shared : HOST_PACKAGES) {
      if (pkg.equals(shared) || (pkg.startsWith(shared) && pkg.charAt(shared.length()) == '.')) {
        return true;
      }
    }
    return false;
  }

  static boolean isPlatformPackage(String pkg) {
    return pkg.equals("java") || pkg.startsWith("java.") || PLATFORM_PACKAGES.contains(pkg);
  }

  /**
   * Returns whether a resource name has a {@code .}, {@code ..} or empty segment (a trailing {@code /}, which
   * names a directory, is fine). Such a name is refused:
   * {@code "org/slf4j/../../x"} would be classified by its first segments (a package the host shares) but
   * resolve elsewhere in a class-path directory of the host, outside the isolation policy.
   */
  private static boolean climbs(String name) {
    String[] segments = name.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      boolean directorySlash = segment.isEmpty() && i == segments.length - 1 && i > 0;
      if ((segment.isEmpty() && !directorySlash) || segment.equals(".") || segment.equals("..")) {
        return true;
      }
    }
    return false;
  }

  private static String packageOf(String name, char separator) {
    int last = name.lastIndexOf(separator);
    return last < 0 ? "" : name.substring(0, last).replace('/', '.');
  }

  private static Set<String> platformPackages() {
    ClassLoader platform = ClassLoader.getPlatformClassLoader();
    Set<String> packages = new HashSet<>();
    for (Module module : ModuleLayer.boot().modules()) {
      ClassLoader loader = module.getClassLoader();
      if (loader == null || loader == platform) {
        packages.addAll(module.getPackages());
      }
    }
    return Set.copyOf(packages);
  }
}
