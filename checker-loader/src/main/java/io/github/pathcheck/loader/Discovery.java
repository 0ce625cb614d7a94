package io.github.pathcheck.loader;

import io.github.pathcheck.api.CheckerProvider;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
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

  /** The longest checker name, as {@link CheckerProvider#name()} specifies. */
  private static final int MAX_NAME_LENGTH = 16;

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
  private final Map<Path, Path> seen = new HashMap<>(); // real path of each plugin -> its origin
  private final PluginTrust trust; // null: untrusted plugins are allowed

  Discovery(
      ClassLoader host,
      Consumer<? super PluginClassLoader> loaderObserver,
      ReleaseTracker releases,
      PluginTrust trust) {
    this.host = host;
    this.loaderObserver = loaderObserver;
    this.releases = releases;
    this.trust = trust;
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
   * holding jars (all its jars together). Other entries are ignored. An entry that cannot be read, that leads
   * back to the plugin directory or above it, that is a plugin seen already (through a link), or (unless
   * untrusted plugins are allowed) that fails {@link PluginTrust}, is skipped and reported as a problem.
   *
   * @throws CheckerLoadException if the directory itself cannot be listed
   */
  void discoverPluginDirectory(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "plugin directory " + dir + " does not exist or is not a directory");
    }
    Path top;
    List<Path> entries;
    try {
      top = dir.toRealPath();
      entries = sortedEntries(dir);
    } catch (IOException e) {
      throw new CheckerLoadException("cannot list plugin directory " + dir + ": " + e, e);
    }
    for (Path entry : entries) {
      Path real;
      try {
        real = entry.toRealPath();
      } catch (IOException e) {
        if (entry.getFileName().toString().endsWith(".jar") || Files.isSymbolicLink(entry)) {
          problem("plugin " + entry + " is skipped: it cannot be resolved (" + e + ")", null);
        }
        continue;
      }
      if (top.startsWith(real)) {
        problem(
            "plugin directory entry "
                + entry
                + " is skipped: it leads back to the plugin directory or above it ("
                + real
                + "); discovery follows no such link",
            null);
        continue;
      }
      if (Files.isDirectory(real)) {
        List<Path> jars = new ArrayList<>();
        try {
          for (Path child : sortedEntries(entry)) {
            if (isJar(child)) {
              jars.add(child);
            }
          }
        } catch (IOException e) {
          problem("plugin " + entry + " is skipped: its directory cannot be listed (" + e + ")", null);
          continue;
        }
        if (jars.isEmpty()) {
          logger.debug("Ignoring {} in plugin directory {}: it holds no jar", entry, dir);
        } else if (isTrusted(entry, List.of(entry), jars, top) && isFirstSight(entry, real)) {
          discoverPlugin(entry, jars);
        }
      } else if (isJar(entry)) {
        if (isTrusted(entry, List.of(entry), List.of(), top) && isFirstSight(entry, real)) {
          discoverPlugin(entry, List.of(entry));
        }
      } else {
        logger.debug("Ignoring {} in plugin directory {}: not a jar", entry, dir);
      }
    }
  }

  /** Returns whether {@code files} and {@code jars} pass the trust check, reporting the first that does not. */
  private boolean isTrusted(Path origin, List<Path> files, List<Path> jars, Path top) {
    if (trust == null) {
      return true;
    }
    List<Path> all = new ArrayList<>(files);
    all.addAll(jars);
    for (Path file : all) {
      String why = trust.distrust(file, top);
      if (why != null) {
        problem(
            "plugin "
                + origin
                + " is refused as untrusted: "
                + why
                + " (or allow untrusted plugins explicitly)",
            null);
        return false;
      }
    }
    return true;
  }

  /** Returns whether no plugin so far was the same file or directory, reporting it if one was. */
  private boolean isFirstSight(Path origin, Path real) {
    Path earlier = seen.putIfAbsent(real, origin);
    if (earlier == null) {
      return true;
    }
    problem("plugin " + origin + " is skipped: it is " + earlier + " again, through a link", null);
    return false;
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
    for (Path jar : jarPaths) {
      String corruption = corruption(jar);
      if (corruption != null) {
        problem(
            "plugin "
                + origin
                + " is skipped: "
                + jar
                + " is a corrupt jar ("
                + corruption
                + "); replace it with an intact copy",
            null);
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

  /**
   * Returns what is wrong with {@code jar} as a zip file, or null if nothing is: it must open, every entry must
   * read back with its checksum, and the entries read in order must be those its central directory lists.
   */
  static String corruption(Path jar) {
    Set<String> central = new HashSet<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      zip.stream().forEach(entry -> central.add(entry.getName()));
    } catch (IOException | RuntimeException e) {
      return e.getMessage() != null ? e.getMessage() : e.toString();
    }
    Set<String> local = new HashSet<>();
    byte[] buffer = new byte[8192];
    try (ZipInputStream in = new ZipInputStream(new BufferedInputStream(Files.newInputStream(jar)))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        local.add(entry.getName());
        while (in.read(buffer) >= 0) {
          // reading to the end verifies the entry's checksum
        }
      }
    } catch (IOException | RuntimeException e) {
      return e.getMessage() != null ? e.getMessage() : e.toString();
    }
    if (!local.equals(central)) {
      return "its entries and its central directory disagree";
    }
    return null;
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

  /**
   * Whether {@code name} is a checker name as {@link CheckerProvider#name()} specifies: 1 to 16 of a-z, 0-9,
   * '_' and '-', starting with a letter or digit. (A loop, not a regular expression: this runs in every
   * command's start-up, where the first pattern costs the regex engine's classes.)
   */
  static boolean isValidName(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!letterOrDigit && (i == 0 || (c != '_' && c != '-'))) {
        return false;
      }
    }
    return true;
  }

  private static String invalidName(String name, String where) {
    return "invalid checker name "
        + (name == null ? "null" : "\"" + name + "\"")
        + " from "
        + where
        + ": a name is 1 to 16 of a-z, 0-9, '_' and '-', starting with a letter or digit";
  }

  /** Reports a problem: one warning line, and the cause's stack trace only at debug level. */
  void problem(String message, Throwable cause) {
    problems.add(message);
    logger.warn(message);
    if (cause != null) {
      logger.debug("The cause of: {}", message, cause);
    }
  }

  private static boolean isJar(Path path) {
    return path.getFileName().toString().endsWith(".jar") && Files.isRegularFile(path);
  }

  private static List<Path> sortedEntries(Path dir) throws IOException {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(entries::add);
    } catch (DirectoryIteratorException e) {
      throw e.getCause();
    }
    entries.sort(null);
    return entries;
  }
}
