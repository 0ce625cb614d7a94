package io.github.pathcheck.testkit;

import io.github.pathcheck.api.CheckerProvider;
import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;

/**
 * The host class loader the kit gives the registry of the isolation contract: it loads every class and
 * resource through the test's class loader, but hides every checker provider of the test's class path and
 * module path, so the plugin jar's provider is the only one of its name (the same checker usually sits on the
 * test class path too).
 *
 * <p>Its parent is the platform class loader, so {@link java.util.ServiceLoader} finds no provider in the
 * modules of the test's boot layer through it either.
 */
final class HostClassLoader extends ClassLoader {
  private static final String SERVICE_FILE = "META-INF/services/" + CheckerProvider.class.getName();

  static {
    ClassLoader.registerAsParallelCapable();
  }

  private final ClassLoader host;

  HostClassLoader(ClassLoader host) {
    super("pathcheck-testkit-host", ClassLoader.getPlatformClassLoader());
    this.host = host;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    return host.loadClass(name);
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
