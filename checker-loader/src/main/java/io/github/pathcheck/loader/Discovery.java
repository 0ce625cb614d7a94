package io.github.pathcheck.loader;

import io.github.pathcheck.api.CheckerProvider;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the checker providers of the host (class path and module path) and of plugin directories.
 *
 * <p>Each plugin is opened in a {@link PluginClassLoader} of its own only to read its providers' names and
 * class names, and closed again before discovery moves on: discovery leaves no plugin loader open and keeps
 * no plugin provider instance (nor the {@link ServiceLoader} that made it). A plugin that fails is reported as
 * a problem and skipped whole; the others are unaffected. Not thread-safe: one discovery per build.
 */
final class Discovery {
  private static final Logger logger = LoggerFactory.getLogger(Discovery.class);

  /** A valid checker name, as {@link CheckerProvider#name()} specifies. */
  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,15}");

  /** Consecutive provider errors after which a host lookup gives up (ServiceLoader may not recover). */
  private static final int MAX_CONSECUTIVE_ERRORS = 64;

  private static final String SERVICE_FILE = "META-INF/services/" + CheckerProvider.class.getName();

  /** A discovered provider: from the host (with its instance) or from a plugin (with its class name). */
  static final class Found {
    final CheckerDescriptor descriptor;
    final CheckerProvider hostProvider;
    final Plugin plugin;
    final String providerClassName;

    private Found(
        CheckerDescriptor descriptor, CheckerProvider hostProvider, Plugin plugin, String providerClassName) {
      this.descriptor = descriptor;
      this.hostProvider = hostProvider;
      this.plugin = plugin;
      this.providerClassName = providerClassName;
    }
  }

  private final ClassLoader host;
  private final Consumer<? super PluginClassLoader> loaderObserver;
  private final ReleaseTracker releases;
  private final List<Found> found = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  Discovery(
      ClassLoader host, Consumer<? super PluginClassLoader> loaderObserver, ReleaseTracker releases) {
    this.host = host;
    this.loaderObserver = loaderObserver;
    this.releases = releases;
  }

  List<Found> found() {
    return found;
  }

  List<String> problems() {
    return problems;
  }

  void discoverBuiltIn() {
    NoneCheckerProvider none = new NoneCheckerProvider();
    found.add(
        new Found(new CheckerDescriptor(none.name(), CheckerDescriptor.BUILT_IN, false), none, null, null));
  }

  void discoverHost() {
    ServiceLoader<CheckerProvider> serviceLoader = ServiceLoader.load(CheckerProvider.class, host);
    Iterator<CheckerProvider> it = serviceLoader.iterator();
    int errors = 0;
    while (true) {
      CheckerProvider provider;
      String name;
      try {
        if (!it.hasNext()) {
          break;
        }
        provider = it.next();
        if (provider.getClass() == NoneCheckerProvider.class) {
          continue; // offered as built-in already
        }
        name = provider.name();
        errors = 0;
      } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
        problem("a checker provider of the host failed and is skipped: " + describe(e), e);
        if (++errors >= MAX_CONSECUTIVE_ERRORS) {
          break;
        }
        continue;
      }
      String origin =
          provider.getClass().getModule().isNamed()
              ? CheckerDescriptor.MODULE_PATH
              : CheckerDescriptor.CLASS_PATH;
      if (!isValidName(name)) {
        problem(invalidName(name, provider.getClass().getName() + " on the " + origin), null);
        continue;
      }
      found.add(new Found(new CheckerDescriptor(name, origin, false), provider, null, null));
    }
  }

  /**
   * Discovers the plugins of one directory: each {@code *.jar} file is a plugin, and so is each subdirectory
   * holding jars (all its jars together). Other entries are ignored.
   *
   * @throws CheckerLoadException if the directory cannot be listed
   */
  void discoverPluginDirectory(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "plugin directory " + dir + " does not exist or is not a directory");
    }
    for (Path entry : sortedEntries(dir)) {
      if (Files.isDirectory(entry)) {
        List<Path> jars = new ArrayList<>();
        for (Path child : sortedEntries(entry)) {
          if (isJar(child)) {
            jars.add(child);
          }
        }
        if (jars.isEmpty()) {
          logger.debug("Ignoring {} in plugin directory {}: it holds no jar", entry, dir);
        } else {
          discoverPlugin(entry, jars);
        }
      } else if (isJar(entry)) {
        discoverPlugin(entry, List.of(entry));
      } else {
        logger.debug("Ignoring {} in plugin directory {}: not a jar", entry, dir);
      }
    }
  }

  private void discoverPlugin(Path origin, List<Path> jarPaths) {
    List<URL> urls = new ArrayList<>();
    for (Path jar : jarPaths) {
      try {
        urls.add(jar.toUri().toURL());
      } catch (MalformedURLException e) {
        problem("plugin " + origin + " is skipped: cannot name " + jar + " as a URL: " + e, e);
        return;
      }
    }
    String spiVersion;
    try {
      spiVersion = SpiVersions.ofPlugin(origin, jarPaths, SERVICE_FILE);
    } catch (IncompatiblePluginException e) {
      problem(e.getMessage(), null);
      return;
    }
    Plugin plugin = new Plugin(origin, urls, host, loaderObserver, releases);
    List<Found> ofPlugin = new ArrayList<>();
    boolean declaresService;
    PluginClassLoader loader = plugin.openLoader();
    try {
      declaresService = loader.findResource(SERVICE_FILE) != null;
      CheckerSlot.callInContext(
          loader,
          () -> {
            for (CheckerProvider provider : ServiceLoader.load(CheckerProvider.class, loader)) {
              if (provider.getClass().getClassLoader() != loader) {
                logger.debug(
                    "Plugin {}: ignoring {}, which is not the plugin's own class",
                    origin,
                    provider.getClass().getName());
                continue;
              }
              String name = provider.name();
              if (!isValidName(name)) {
                throw new InvalidNameException(
                    invalidName(name, provider.getClass().getName() + " in plugin " + origin));
              }
              ofPlugin.add(
                  new Found(
                      new CheckerDescriptor(name, origin.toString(), true, spiVersion),
                      null,
                      plugin,
                      provider.getClass().getName()));
            }
            return null;
          });
    } catch (InvalidNameException e) {
      problem(e.getMessage() + "; the plugin is skipped", null);
      return;
    } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
      problem("plugin " + origin + " failed and is skipped: " + describe(e), e);
      return;
    } finally {
      Plugin.closeQuietly(loader);
    }
    if (ofPlugin.isEmpty()) {
      problem(
          declaresService
              ? "plugin " + origin + " is skipped: its " + SERVICE_FILE + " names no class of its own"
              : origin + " is not a checker plugin (it has no " + SERVICE_FILE + "); skipped",
          null);
      return;
    }
    found.addAll(ofPlugin);
  }

  private static final class InvalidNameException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidNameException(String message) {
      super(message, null, false, false);
    }
  }

  /** Returns the throwable and its causes, for a one-line problem. */
  static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder(e.toString());
    for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
      sb.append("; caused by ").append(cause);
    }
    return sb.toString();
  }

  static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  private static String invalidName(String name, String where) {
    return "invalid checker name "
        + (name == null ? "null" : "\"" + name + "\"")
        + " from "
        + where
        + ": a name is 1 to 16 of a-z, 0-9, '_' and '-', starting with a letter or digit";
  }

  private void problem(String message, Throwable cause) {
    problems.add(message);
    if (cause == null) {
      logger.warn(message);
    } else {
      logger.warn(message, cause);
    }
  }

  private static boolean isJar(Path path) {
    return path.getFileName().toString().endsWith(".jar") && Files.isRegularFile(path);
  }

  private static List<Path> sortedEntries(Path dir) {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(entries::add);
    } catch (IOException e) {
      throw new CheckerLoadException("cannot list plugin directory " + dir + ": " + e, e);
    }
    entries.sort(null);
    return entries;
  }
}
