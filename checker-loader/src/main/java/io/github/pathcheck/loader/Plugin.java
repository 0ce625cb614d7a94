package io.github.pathcheck.loader;

import io.github.pathcheck.api.UnloadResult;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plugin found in a plugin directory (a jar, or a subdirectory of jars) and the class loader its loaded
 * checker classes currently live in.
 *
 * <p>The loader is opened when the first of the plugin's classes is loaded and closed once the last of them
 * is unloaded and every unloaded class has released its resources; the next load opens a new loader. Each
 * open loader is a {@link Lease}d generation: one lease per loaded class. Thread-safe.
 */
final class Plugin {
  private static final Logger logger = LoggerFactory.getLogger(Plugin.class);

  private final Path origin;
  private final List<URL> jars;
  private final ClassLoader host;
  private final Consumer<? super PluginClassLoader> loaderObserver;
  private final ReleaseTracker releases;

  private Generation current; // guarded by this; null while no class of the plugin is loaded

  Plugin(
      Path origin,
      List<URL> jars,
      ClassLoader host,
      Consumer<? super PluginClassLoader> loaderObserver,
      ReleaseTracker releases) {
    this.origin = origin;
    this.jars = List.copyOf(jars);
    this.host = host;
    this.loaderObserver = loaderObserver;
    this.releases = releases;
  }

  Path origin() {
    return origin;
  }

  /** Opens a class loader for discovery only; the caller closes it. */
  PluginClassLoader openLoader() {
    PluginClassLoader loader = new PluginClassLoader(origin, jars, host);
    loaderObserver.accept(loader);
    return loader;
  }

  /** Takes a lease on the current loader, opening one if none is open. */
  synchronized Lease lease() {
    if (current == null) {
      current = new Generation(openLoader());
    }
    current.leases++;
    return new Lease(current);
  }

  /** One loaded class's hold on a plugin's class loader. Released once, by the class's unload. */
  final class Lease {
    private Generation generation;

    private Lease(Generation generation) {
      this.generation = generation;
    }

    PluginClassLoader loader() {
      return generation.loader;
    }

    /**
     * Releases the lease once the class's {@code unload} result is known; when it was the last lease, the
     * loader is closed as soon as every unloaded class of the generation has released its resources.
     */
    void release(UnloadResult unloaded, String what) {
      Generation gen;
      CompletableFuture<Void> allReleased;
      synchronized (Plugin.this) {
        gen = Objects.requireNonNull(generation, "lease released twice");
        generation = null;
        if (!unloaded.isComplete()) {
          gen.releases.add(releases.track(unloaded.released(), what));
        }
        if (--gen.leases > 0) {
          return;
        }
        if (current == gen) {
          current = null;
        }
        allReleased = CompletableFuture.allOf(gen.releases.toArray(new CompletableFuture<?>[0]));
        gen.releases.clear();
      }
      if (!allReleased.isDone()) {
        logger.info(
            "Keeping the class loader of plugin {} open until its unloaded classes release their resources",
            origin);
      }
      releases.add(allReleased.thenRun(gen::close));
    }
  }

  private final class Generation {
    private PluginClassLoader loader; // null once closed
    private int leases; // guarded by Plugin.this
    private final List<CompletableFuture<Void>> releases = new ArrayList<>(); // guarded by Plugin.this

    Generation(PluginClassLoader loader) {
      this.loader = loader;
    }

    void close() {
      PluginClassLoader toClose;
      synchronized (Plugin.this) {
        toClose = loader;
        loader = null;
      }
      if (toClose != null) {
        closeQuietly(toClose);
      }
    }
  }

  static void closeQuietly(PluginClassLoader loader) {
    try {
      loader.close();
      logger.debug("Closed the class loader of plugin {}", loader.origin());
    } catch (IOException e) {
      logger.warn("Could not close the class loader of plugin {}", loader.origin(), e);
    }
  }

  @Override
  public String toString() {
    return "Plugin[" + origin + "]";
  }
}
