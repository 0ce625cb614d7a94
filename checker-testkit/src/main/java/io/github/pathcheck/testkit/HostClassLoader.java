package io.github.pathcheck.testkit;

import io.github.pathcheck.api.CheckerProvider;
import java.io.IOException;
import java.lang.StackWalker.StackFrame;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Optional;
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
 * <p>It also finds the plugin's class loader, which the registry does not hand out: when the plugin's code
 * makes its loader ask this one for a class it shares with the host (the SPI's), the caller's frame is a class
 * of the plugin's jar defined by that loader. It keeps the loader weakly, so the loader stays collectable.
 */
final class HostClassLoader extends ClassLoader {
  private static final String SERVICE_FILE = "META-INF/services/" + CheckerProvider.class.getName();
  private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  static {
    ClassLoader.registerAsParallelCapable();
  }

  private final ClassLoader host;
  private final Set<String> pluginClassNames;
  private volatile WeakReference<ClassLoader> pluginLoader = new WeakReference<>(null);

  /**
   * @param host the test's class loader, which loads everything
   * @param pluginClassNames the binary names of the plugin jar's classes, to recognise the plugin's frames by
   */
  HostClassLoader(ClassLoader host, Set<String> pluginClassNames) {
    super("pathcheck-testkit-host", ClassLoader.getPlatformClassLoader());
    this.host = host;
    this.pluginClassNames = Set.copyOf(pluginClassNames);
  }

  /** Returns the plugin's class loader, once plugin code has run and asked this loader for a class. */
  Optional<ClassLoader> pluginLoader() {
    return Optional.ofNullable(pluginLoader.get());
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (pluginLoader.get() == null) {
      WALKER
          .walk(frames -> frames.map(StackFrame::getDeclaringClass).filter(this::isPlugins).findFirst())
          .ifPresent(type -> pluginLoader = new WeakReference<>(type.getClassLoader()));
    }
    return host.loadClass(name);
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
