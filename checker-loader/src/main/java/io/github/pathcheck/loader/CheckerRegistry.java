package io.github.pathcheck.loader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checker registry: discovers checker providers, loads checker classes by name on first use, counts
 * their references, resets them and unloads them; multipath-tools' {@code checker_get}, {@code checker_put},
 * {@code reset_checker_classes} and {@code cleanup_checkers}.
 *
 * <pre>{@code
 * try (CheckerRegistry registry =
 *         CheckerRegistry.builder().pluginDirectory(Path.of("/usr/lib/pathcheck")).build();
 *     CheckerHandle tur = registry.acquire("tur")) {
 *   PathChecker checker = tur.init(device, CheckerOptions.defaults());
 *   CheckResult result = checker.checkAndWait();
 *   ...
 * }
 * }</pre>
 *
 * <p><b>Discovery.</b> {@link Builder#build()} finds, once: the built-in {@code none} checker ({@link
 * NoneCheckerProvider}); the providers {@link java.util.ServiceLoader} finds through the host class loader (the
 * class path and the module path); and the plugins of each plugin directory, where each {@code *.jar} is a
 * plugin and each subdirectory holding jars is one plugin made of all its jars. Each plugin is read in a
 * class loader of its own (see the package documentation for the isolation rules); only providers whose
 * class the plugin itself defines count. Discovery instantiates every plugin's providers: trusting a plugin
 * means running its code as the host (see the package documentation). A plugin whose files other users could
 * have written is refused, unless {@link Builder#allowUntrustedPlugins} says otherwise. A plugin that is
 * refused or fails (its jar is corrupt, its provider's constructor or {@code name()} throws, its service file
 * is broken, a name is invalid), a jar that is no plugin, a subdirectory that cannot be listed and a link back to
 * the plugin directory or to a plugin seen already are skipped and reported in {@link #problems()}; the rest is
 * unaffected. When two providers have one name, the first found keeps it (the built-in, then the class path and
 * module path, then the plugin directories in the order given, each in file name order) and each later one is
 * skipped as a problem naming both.
 *
 * <p><b>References.</b> {@link #acquire} loads the class on first use ({@link
 * io.github.pathcheck.api.CheckerProvider#load}) and returns a {@link CheckerHandle}, one reference; closing the
 * last handle unloads the class ({@link io.github.pathcheck.api.CheckerClass#unload}), and the next acquire
 * loads it anew. A plugin's class loader is opened when its first class is loaded and closed and dropped
 * when its last class is unloaded, or, if an unload was deferred, once every deferred resource is released
 * ({@link #whenUnloadsReleased()}). The registry keeps no reference to a class, provider or loader of a
 * plugin with nothing loaded, so an unloaded plugin can be garbage-collected.
 *
 * <p><b>Threading.</b> Thread-safe. Loads, resets and unloads of one checker are serialised; different
 * checkers load in parallel. Provider and class calls run with the thread's context class loader set to the
 * plugin's loader, and restored afterwards; so do the calls of every {@link PathChecker}.
 *
 * <p><b>After close.</b> {@link #close()} unloads every class, including those with handles still open
 * (which become invalid), and closes plugin loaders (those of deferred unloads once released). Afterwards
 * {@link #acquire} and {@link #resetAll} throw {@link IllegalStateException}; {@link #available}, {@link
 * #problems} and {@link #whenUnloadsReleased} still answer.
 */
public final class CheckerRegistry implements AutoCloseable {
  /** The default of {@link Builder#checkThreads}. */
  public static final int DEFAULT_CHECK_THREADS = 16;

  private static final Duration DEFAULT_LIFECYCLE_TIMEOUT = Duration.ofSeconds(5);
  private static final Logger logger = LoggerFactory.getLogger(CheckerRegistry.class);

  private final Map<String, CheckerSlot> slots; // by name, sorted; immutable
  private final List<CheckerDescriptor> available;
  private final List<String> problems;
  private final List<Path> pluginDirectories;
  private final ReleaseTracker releases;
  private final LifecycleCalls lifecycle;
  private final AtomicBoolean closed = new AtomicBoolean();

  private CheckerRegistry(
      Map<String, CheckerSlot> slots,
      List<String> problems,
      List<Path> pluginDirectories,
      ReleaseTracker releases,
      LifecycleCalls lifecycle) {
    this.slots = slots;
    List<CheckerDescriptor> descriptors = new ArrayList<>(slots.size());
    for (CheckerSlot slot : slots.values()) {
      descriptors.add(slot.descriptor());
    }
    this.available = Collections.unmodifiableList(descriptors);
    this.problems = List.copyOf(problems);
    this.pluginDirectories = List.copyOf(pluginDirectories);
    this.releases = releases;
    this.lifecycle = lifecycle;
  }

  /** Returns a new builder: no plugin directory, no class options, the registry's own class loader. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Configures and builds a {@link CheckerRegistry}. Not thread-safe; build once.
   */
  public static final class Builder {
    private final List<Path> pluginDirectories = new ArrayList<>();
    private final Map<String, Map<String, String>> classOptions = new LinkedHashMap<>();
    private ClassLoader hostClassLoader = CheckerRegistry.class.getClassLoader();
    private Consumer<? super PluginClassLoader> loaderObserver = loader -> {};
    private int checkThreads = DEFAULT_CHECK_THREADS;
    private Duration lifecycleTimeout = DEFAULT_LIFECYCLE_TIMEOUT;
    private boolean allowUntrustedPlugins;

    private Builder() {}

    /**
     * Sets whether plugins whose files other users could have written are loaded too (default false). By
     * default a plugin is refused, and reported in {@link #problems()} naming the file, the reason and the fix,
     * unless its jar or directory, each of its jars, and every directory from them up to and including the
     * plugin directory are owned by root or this process's user and writable by neither group nor others
     * (a directory with the sticky bit may be writable by others); and unless each symbolic link among them is
     * owned likewise and leads to a file inside the plugin directory. Directories above the plugin directory
     * are not checked.
     */
    public Builder allowUntrustedPlugins(boolean allow) {
      this.allowUntrustedPlugins = allow;
      return this;
    }

    /**
     * Sets how many threads each checker class's pool has at most, on which the blocking calls of its checkers
     * run (see {@link PathChecker}). Default {@value #DEFAULT_CHECK_THREADS}. A hung path holds at most two of
     * them; checks beyond the pool's threads wait their turn, within their checker timeout.
     *
     * @throws IllegalArgumentException if {@code threads} is not positive
     */
    public Builder checkThreads(int threads) {
      if (threads <= 0) {
        throw new IllegalArgumentException("check threads must be positive, got " + threads);
      }
      this.checkThreads = threads;
      return this;
    }

    /**
     * Sets the longest a host thread waits for a checker class's {@code reset} or {@code unload} (default 5
     * seconds). An unload that takes longer goes on in the background, and is reported as deferred.
     *
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public Builder lifecycleTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("lifecycle timeout must be positive, got " + timeout);
      }
      this.lifecycleTimeout = timeout;
      return this;
    }

    /**
     * Adds a directory to search for plugins. Repeatable; directories are searched in the order given.
     *
     * @throws IllegalArgumentException if {@code dir} does not exist or is not a directory
     */
    public Builder pluginDirectory(Path dir) {
      Objects.requireNonNull(dir, "dir");
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException(
            "plugin directory " + dir + " does not exist or is not a directory");
      }
      pluginDirectories.add(dir);
      return this;
    }

    /**
     * Sets the class options given to the provider of {@code checkerName} when its class is loaded
     * (multipath's per-class settings, such as directio's group size). Replaces earlier options for that name.
     * Options for a name that no discovered provider has are reported in {@link #problems()}.
     */
    public Builder classOptions(String checkerName, Map<String, String> options) {
      Objects.requireNonNull(checkerName, "checkerName");
      classOptions.put(checkerName, Map.copyOf(options));
      return this;
    }

    /**
     * Sets the class loader through which class-path and module-path providers are found, and which plugins
     * share the SPI, native bindings and SLF4J with. Default: the loader of {@link CheckerRegistry}.
     */
    public Builder hostClassLoader(ClassLoader loader) {
      this.hostClassLoader = Objects.requireNonNull(loader, "loader");
      return this;
    }

    /** Test seam: told of every plugin class loader opened, for discovery or for loading. */
    Builder pluginLoaderObserver(Consumer<? super PluginClassLoader> observer) {
      this.loaderObserver = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /**
     * Discovers every provider and returns the registry. Loads no checker class.
     *
     * @throws CheckerLoadException if a plugin directory cannot be listed; no plugin class loader is left open
     * @throws IllegalArgumentException if a plugin directory no longer exists
     */
    public CheckerRegistry build() {
      ReleaseTracker releases = new ReleaseTracker();
      LifecycleCalls lifecycle = new LifecycleCalls(lifecycleTimeout);
      Discovery discovery = new Discovery(
              hostClassLoader,
              loaderObserver,
              releases,
              allowUntrustedPlugins ? null : PluginTrust.ofProcess());
      discovery.discoverBuiltIn();
      discovery.discoverHost();
      for (Path dir : pluginDirectories) {
        discovery.discoverPluginDirectory(dir);
      }

      Map<String, List<Discovery.Found>> byName = new TreeMap<>();
      for (Discovery.Found found : discovery.found()) {
        byName.computeIfAbsent(found.descriptor.name(), name -> new ArrayList<>()).add(found);
      }
      for (Map.Entry<String, List<Discovery.Found>> entry : byName.entrySet()) {
        List<Discovery.Found> ofName = entry.getValue();
        for (Discovery.Found later : ofName.subList(1, ofName.size())) {
          String problem =
              "checker \""
                  + entry.getKey()
                  + "\" of "
                  + later.descriptor.origin()
                  + " is skipped: "
                  + ofName.get(0).descriptor.origin()
                  + " provides a checker of that name already; remove or rename one of them";
          discovery.problem(problem, null);
        }
      }

      for (String name : classOptions.keySet()) {
        if (!byName.containsKey(name)) {
          String problem =
              "class options are given for checker \"" + name + "\", which no provider offers";
          discovery.problem(problem, null);
        }
      }

      List<String> problems = discovery.problems();
      Map<String, CheckerSlot> slots = new LinkedHashMap<>();
      for (Map.Entry<String, List<Discovery.Found>> entry : byName.entrySet()) {
        Discovery.Found found = entry.getValue().get(0);
        Map<String, String> options = classOptions.getOrDefault(entry.getKey(), Map.of());
        slots.put(
            entry.getKey(),
            found.plugin == null
                ? CheckerSlot.ofHost(
                    found.descriptor, found.hostProvider, options, releases, checkThreads, lifecycle)
                : CheckerSlot.ofPlugin(
                    found.descriptor,
                    found.plugin,
                    found.providerClassName,
                    options,
                    releases,
                    checkThreads,
                    lifecycle));
      }
      logger.debug("Discovered checkers {}", slots.keySet());
      return new CheckerRegistry(
          Collections.unmodifiableMap(slots), problems, pluginDirectories, releases, lifecycle);
    }
  }

  /** Returns every discovered checker, loaded or not, sorted by name. Immutable. */
  public List<CheckerDescriptor> available() {
    return available;
  }

  /**
   * Takes a reference to the checker class {@code name}, loading it if it is not loaded.
   *
   * @return a handle the caller closes once
   * @throws NoSuchElementException if no provider has that name; the message lists the available names and
   *     the plugin directories searched
   * @throws CheckerLoadException if the provider's {@code load} fails (the message names its origin, the
   *     cause is the provider's exception); nothing stays loaded
   * @throws IllegalStateException if the registry is closed
   */
  public CheckerHandle acquire(String name) {
    Objects.requireNonNull(name, "name");
    if (closed.get()) {
      throw new IllegalStateException("cannot acquire checker " + name + ": the registry is closed");
    }
    CheckerSlot slot = slots.get(name);
    if (slot == null) {
      throw new NoSuchElementException(
          "no checker named \""
              + name
              + "\"; available: "
              + available.stream().map(CheckerDescriptor::name).collect(Collectors.joining(", "))
              + (pluginDirectories.isEmpty()
                  ? "; no plugin directory was searched"
                  : "; plugin directories searched: " + pluginDirectories)
              + (problems.isEmpty() ? "" : "; discovery problems: " + problems));
    }
    return slot.acquire();
  }

  /**
   * Resets every loaded class ({@link io.github.pathcheck.api.CheckerClass#reset()}, multipath's {@code
   * reset_checker_classes}); classes stay loaded. Every class is reset even if one fails; the first failure
   * is then thrown, with the others suppressed.
   *
   * @throws IllegalStateException if the registry is closed
   */
  public void resetAll() {
    if (closed.get()) {
      throw new IllegalStateException("cannot reset checkers: the registry is closed");
    }
    RuntimeException first = null;
    for (CheckerSlot slot : slots.values()) {
      RuntimeException failure = slot.reset();
      if (failure != null) {
        if (first == null) {
          first = failure;
        } else {
          first.addSuppressed(failure);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /**
   * Returns the warnings of discovery, one readable line each: jars skipped as no plugin, plugins that failed
   * (naming the jar or directory), invalid names, class options for unknown names. Immutable.
   */
  public List<String> problems() {
    return problems;
  }

  /**
   * Returns a stage that completes when every class unloaded so far has released its resources and every
   * plugin class loader opened so far whose classes are all unloaded has been closed. Already complete when
   * nothing is outstanding. It never completes exceptionally: a release stage that fails is logged and
   * counted as released.
   */
  public CompletionStage<Void> whenUnloadsReleased() {
    return releases.allReleased();
  }

  /**
   * Returns what the deferred unloads so far still hold, one readable line each naming the checker: the calls
   * stuck in a hung device (with their thread), the resources still busy. Empty once {@link
   * #whenUnloadsReleased()} has completed. Immutable.
   */
  public List<String> unreleased() {
    return releases.outstanding();
  }

  /**
   * Unloads every loaded class, whether handles to it are open or not (they become invalid), and closes the
   * plugin class loaders, those with deferred unloads once released. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (CheckerSlot slot : slots.values()) {
      try {
        slot.close();
      } catch (RuntimeException | Error e) {
        // A failing class must not keep the others loaded.
        logger.warn("Closing checker {} failed; closing the others", slot.descriptor().name(), e);
      }
    }
    lifecycle.shutdown();
    logger.debug("Closed the checker registry");
  }

  @Override
  public String toString() {
    return "CheckerRegistry" + available;
  }
}
