package io.github.pathcheck.loader;

import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.api.UnloadResult;
import java.util.Map;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's entry for one checker name: where its provider is, and the loaded class with its reference
 * count (multipath's {@code struct checker_class} refcount).
 *
 * <p>Every state change happens under the slot's monitor, and so do {@code load}, {@code reset} and {@code
 * unload} of the class: a class is never loaded twice at once, and never unloaded while referenced. Loading
 * one name does not block another. While nothing is loaded the slot refers to no class of a plugin (only to
 * the provider's class name).
 */
final class CheckerSlot {
  private static final Logger logger = LoggerFactory.getLogger(CheckerSlot.class);
  // What enterContext returns when it changed nothing, so that restoreContext does nothing.
  private static final ClassLoader UNCHANGED = new Unchanged();

  private static final class Unchanged extends ClassLoader {
    Unchanged() {
      super(null);
    }
  }

  private final CheckerDescriptor descriptor;
  private final CheckerProvider hostProvider; // null for plugins
  private final Plugin plugin; // null for host providers
  private final String providerClassName; // the plugin's provider class
  private final Map<String, String> classOptions;
  private final ReleaseTracker releases;
  private final int poolSize;
  private final LifecycleCalls lifecycle;

  private LoadedClass loaded; // guarded by this
  private Plugin.Lease lease; // guarded by this; set while a plugin's class is loaded
  private int references; // guarded by this
  private long loadNumber; // guarded by this; which load of the class this is: each unload counts one, so
  // the handles of an earlier load no longer reach the class
  private boolean closed; // guarded by this

  private CheckerSlot(
      CheckerDescriptor descriptor,
      CheckerProvider hostProvider,
      Plugin plugin,
      String providerClassName,
      Map<String, String> classOptions,
      ReleaseTracker releases,
      int poolSize,
      LifecycleCalls lifecycle) {
    this.descriptor = descriptor;
    this.hostProvider = hostProvider;
    this.plugin = plugin;
    this.providerClassName = providerClassName;
    this.classOptions = Map.copyOf(classOptions);
    this.releases = releases;
    this.poolSize = poolSize;
    this.lifecycle = lifecycle;
  }

  static CheckerSlot ofHost(
      CheckerDescriptor descriptor,
      CheckerProvider provider,
      Map<String, String> classOptions,
      ReleaseTracker releases,
      int poolSize,
      LifecycleCalls lifecycle) {
    return new CheckerSlot(
        descriptor, provider, null, null, classOptions, releases, poolSize, lifecycle);
  }

  static CheckerSlot ofPlugin(
      CheckerDescriptor descriptor,
      Plugin plugin,
      String providerClassName,
      Map<String, String> classOptions,
      ReleaseTracker releases,
      int poolSize,
      LifecycleCalls lifecycle) {
    return new CheckerSlot(
        descriptor, null, plugin, providerClassName, classOptions, releases, poolSize, lifecycle);
  }

  CheckerDescriptor descriptor() {
    return descriptor;
  }

  synchronized CheckerHandle acquire() {
    if (closed) {
      throw new IllegalStateException(
          "cannot acquire checker " + descriptor.name() + ": the registry is closed");
    }
    if (loaded == null) {
      load();
    }
    references++;
    return new CheckerHandle(this, loadNumber);
  }

  synchronized LoadedClass loadedClass(long handleLoad) {
    if (handleLoad != loadNumber || loaded == null) {
      throw new IllegalStateException(
          "checker " + descriptor.name() + " was unloaded when the registry closed; its handle is invalid");
    }
    return loaded;
  }

  synchronized void release(long handleLoad) {
    if (handleLoad != loadNumber || loaded == null) {
      return; // unloaded already, by the registry's close
    }
    if (--references == 0) {
      unload();
    }
  }

  synchronized boolean isLoaded() {
    return loaded != null;
  }

  /** Resets the loaded class, if any; returns its failure, if any. */
  synchronized RuntimeException reset() {
    if (loaded == null) {
      return null;
    }
    LoadedClass cls = loaded;
    try {
      cls.reset();
      return null;
    } catch (RuntimeException e) {
      logger.warn("Reset of checker {} ({}) failed", descriptor.name(), descriptor.origin(), e);
      return e;
    }
  }

  /** Unloads the class whatever references are left, and refuses further acquires. */
  synchronized void close() {
    closed = true;
    if (loaded != null) {
      if (references > 0) {
        logger.info(
            "Unloading checker {} with {} handle(s) still open: the registry is closed",
            descriptor.name(),
            references);
      }
      unload();
    }
  }

  /**
   * Loads the class: the provider's construction (for a plugin) and its {@code load}, on a lifecycle thread,
   * waited for at most the lifecycle timeout. A load that takes longer fails; if it returns later, what it
   * returns is unloaded, and the plugin's class loader is dropped only after that.
   */
  private void load() {
    Plugin.Lease newLease = plugin == null ? null : plugin.lease();
    PluginClassLoader loader = newLease == null ? null : newLease.loader();
    CompletableFuture<CheckerClass> loading =
        lifecycle.call(
            loader, () -> loadFrom(plugin == null ? hostProvider : instantiate(loader), loader));
    String what = "checker " + descriptor.name() + " (" + descriptor.origin() + ")";
    CheckerClass cls;
    try {
      cls = loading.get(lifecycle.timeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      CompletableFuture<Void> released =
          loading.handle((late, failure) -> late).thenCompose(late -> unloadLate(late, loader));
      List<String> outstanding = List.of("load() still running, past the lifecycle timeout");
      releases.note(what, outstanding, released);
      if (newLease != null) {
        newLease.release(UnloadResult.deferred(outstanding, released), what);
      } else {
        releases.track(released, what);
      }
      throw new CheckerLoadException(
          what
              + " did not load within "
              + lifecycle.timeout().toMillis()
              + " ms: its provider hangs in load(); fix or remove it"
              + (e instanceof InterruptedException ? " (interrupted while waiting)" : ""));
    } catch (ExecutionException e) {
      if (newLease != null) {
        newLease.release(UnloadResult.complete(), "");
      }
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw (Error) cause;
    }
    loaded = new LoadedClass(descriptor.name(), cls, loader, poolSize, lifecycle);
    lease = newLease;
  }

  /** Unloads a class whose load returned after the host gave up on it; completes when it is released. */
  private CompletableFuture<Void> unloadLate(CheckerClass late, ClassLoader loader) {
    if (late == null) {
      return CompletableFuture.completedFuture(null);
    }
    logger.warn("Checker {} ({}) loaded after the host gave up; unloading it", descriptor.name(), descriptor.origin());
    try {
      UnloadResult result = callInContext(loader, late::unload);
      return result == null
          ? CompletableFuture.completedFuture(null)
          : result.released().toCompletableFuture().handle((v, f) -> null);
    } catch (RuntimeException | Error e) {
      logger.warn("Unload of the late checker {} failed", descriptor.name(), e);
      return CompletableFuture.completedFuture(null);
    }
  }

  private CheckerProvider instantiate(PluginClassLoader loader) {
    try {
      Class<?> type = Class.forName(providerClassName, false, loader);
      if (type.getClassLoader() != loader || !CheckerProvider.class.isAssignableFrom(type)) {
        throw new CheckerLoadException(
            "plugin "
                + descriptor.origin()
                + " no longer provides checker "
                + descriptor.name()
                + " with "
                + providerClassName
                + "; restart the host after changing plugins");
      }
      CheckerProvider provider = (CheckerProvider) type.getConstructor().newInstance();
      String name = provider.name();
      if (!descriptor.name().equals(name)) {
        throw new CheckerLoadException(
            "plugin "
                + descriptor.origin()
                + ": "
                + providerClassName
                + " now names itself \""
                + name
                + "\", not \""
                + descriptor.name()
                + "\"; restart the host after changing plugins");
      }
      return provider;
    } catch (CheckerLoadException e) {
      throw e;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      throw new CheckerLoadException(
          "cannot create the provider of checker "
              + descriptor.name()
              + " ("
              + providerClassName
              + ") from plugin "
              + descriptor.origin(),
          e);
    }
  }

  private CheckerClass loadFrom(CheckerProvider provider, PluginClassLoader loader) {
    CheckerClass cls;
    try {
      cls = callInContext(loader, () -> provider.load(classOptions));
    } catch (RuntimeException | LinkageError e) {
      throw new CheckerLoadException(
          "checker " + descriptor.name() + " from " + descriptor.origin() + " failed to load: " + e, e);
    }
    if (cls == null) {
      throw new CheckerLoadException(
          "checker " + descriptor.name() + " from " + descriptor.origin() + " returned no class from load()");
    }
    logger.debug("Loaded checker {} from {}", descriptor.name(), descriptor.origin());
    return cls;
  }

  private void unload() {
    LoadedClass cls = loaded;
    Plugin.Lease heldLease = lease;
    loaded = null;
    lease = null;
    references = 0;
    loadNumber++;
    UnloadResult result;
    try {
      result = cls.unload();
    } catch (RuntimeException | Error e) {
      // Any failure of the plugin, AssertionError and StackOverflowError included: the registry must still
      // release the lease and close the plugin's class loader.
      logger.warn(
          "Unload of checker {} ({}) failed; treating it as complete",
          descriptor.name(),
          descriptor.origin(),
          e);
      result = UnloadResult.complete();
    }
    if (result.isComplete()) {
      logger.debug("Unloaded checker {} ({})", descriptor.name(), descriptor.origin());
    } else {
      logger.warn(
          "Unload of checker {} ({}) is deferred; still outstanding: {}",
          descriptor.name(),
          descriptor.origin(),
          result.outstanding());
    }
    String what = "checker " + descriptor.name() + " (" + descriptor.origin() + ")";
    if (!result.isComplete()) {
      releases.note(what, result.outstanding(), result.released());
    }
    if (heldLease != null) {
      heldLease.release(result, what);
    } else if (!result.isComplete()) {
      releases.track(result.released(), what);
    }
  }

  /**
   * Runs {@code action} with the thread's context class loader set to {@code loader} (when not null), and
   * always restores it: a plugin loader is never left as any thread's context loader.
   */
  static <T> T callInContext(ClassLoader loader, Callable<T> action) {
    ClassLoader previous = enterContext(loader);
    try {
      return action.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e); // Callables here throw nothing checked
    } finally {
      restoreContext(previous);
    }
  }

  /**
   * Sets the current thread's context class loader to {@code loader} (when not null) and returns what {@link
   * #restoreContext} needs to undo it, which the caller passes it in a {@code finally}: the allocation-free
   * form of {@link #callInContext}, for calls that throw checked exceptions or run on a hot path.
   */
  static ClassLoader enterContext(ClassLoader loader) {
    if (loader == null) {
      return UNCHANGED; // a host class: the context is left as it is
    }
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    if (loader == previous) {
      return UNCHANGED;
    }
    thread.setContextClassLoader(loader);
    return previous;
  }

  /** Restores the current thread's context class loader that {@link #enterContext} returned. */
  static void restoreContext(ClassLoader previous) {
    if (previous != UNCHANGED) {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  @Override
  public synchronized String toString() {
    return "CheckerSlot[" + descriptor + ", references=" + references + ", loaded=" + (loaded != null) + "]";
  }
}
