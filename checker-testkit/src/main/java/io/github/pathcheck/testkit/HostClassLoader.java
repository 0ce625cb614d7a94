package io.github.pathcheck.testkit;

import io.github.pathcheck.api.CheckerProvider;
import java.io.IOException;
import java.lang.StackWalker.StackFrame;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Set;

/**
 * The host class loader the kit gives the registry of the isolation contract: it loads every class and
 * resource through the test's class loader, but hides every checker provider of the test's class path and
 * module path, so the plugin jar's provider is the only one of its name (the same checker usually sits on the
 * test class path too).
 *
 * <p>Its parent is the platform class loader, so {@link java.util.ServiceLoader} finds no provider in the
 * modules of the test's boot layer through it either.
 *
 * <p>It also finds the plugin's class loaders, which the registry does not hand out (one for discovery, one for
 * each time the class is loaded): when the plugin's code makes its loader ask this one for a class it shares
 * with the host (the SPI's), the caller's frame is a class of the plugin's jar defined by that loader. It keeps
 * them weakly, so they stay collectable.
 */
final class HostClassLoader extends ClassLoader {
  private static final String SERVICE_FILE = "META-INF/services/" + CheckerProvider.class.getName();
  private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  static {
    ClassLoader.registerAsParallelCapable();
  }

  private final ClassLoader host;
  private final Set<String> pluginClassNames;
  private final List<WeakReference<ClassLoader>> pluginLoaders = new CopyOnWriteArrayList<>();

  /**
   * @param host the test's class loader, which loads everything
   * @param pluginClassNames the binary names of the plugin jar's classes, to recognise the plugin's frames by
   */
  HostClassLoader(ClassLoader host, Set<String> pluginClassNames) {
    super("pathcheck-testkit-host", ClassLoader.getPlatformClassLoader());
    this.host = host;
    this.pluginClassNames = Set.copyOf(pluginClassNames);
  }

  /**
   * Returns the plugin's class loaders that are still reachable, of those whose plugin code has run and asked this
   * loader for a class, in the order they first did.
   */
  List<ClassLoader> pluginLoaders() {
    List<ClassLoader> live = new ArrayList<>();
    for (WeakReference<ClassLoader> loader : pluginLoaders) {
      ClassLoader l = loader.get();
      if (l != null) {
        live.add(l);
      }
    }
    return live;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    WALKER
        .walk(frames -> frames.map(StackFrame::getDeclaringClass).filter(this::isPlugins).findFirst())
        .ifPresent(type -> remember(type.getClassLoader()));
    return host.loadClass(name);
  }

  private synchronized void remember(ClassLoader loader) {
    for (WeakReference<ClassLoader> known : pluginLoaders) {
      if (known.refersTo(loader)) {
        return;
      }
    }
    pluginLoaders.add(new WeakReference<>(loader));
  }

  /** Whether {@code type} is a class of the plugin's jar defined by a loader other than the host's. */
  private boolean isPlugins(Class<?> type) {
    ClassLoader loader = type.getClassLoader();
    return loader != null
        && loader != host
        && loader != this
        && pluginClassNames.contains(type.getName());
  }

  @Override
  public URL getResource(String name) {
    return SERVICE_FILE.equals(name) ? null : host.getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    return SERVICE_FILE.equals(name) ? Collections.emptyEnumeration() : host.getResources(name);
  }
}
