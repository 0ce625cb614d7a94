package io.github.pathcheck.testkit;

import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.loader.CheckerRegistry;
import io.github.pathcheck.loader.NoneCheckerProvider;
import io.github.pathcheck.testkit.internal.KitBridgeProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.Set;

/**
 * Builds the registries through which the kit checks as a host does: a registry whose only provider besides
 * the built-in {@code none} is the test's own {@link CheckerContractKit#provider()} instance, whether or not a
 * service file names it, on the class path and the module path alike.
 */
final class KitRegistries {
  private static final String SERVICE_FILE = "META-INF/services/" + CheckerProvider.class.getName();
  private static final String BRIDGE = KitBridgeProvider.class.getName();

  private KitRegistries() {}

  /** Returns a registry offering {@code provider} under its name, with {@code classOptions}. */
  static CheckerRegistry of(CheckerProvider provider, Map<String, String> classOptions, Path scratchDirectory)
      throws IOException {
    ClassLoader test = KitRegistries.class.getClassLoader();
    HostClassLoader hidingServices = new HostClassLoader(test, Set.of());
    CheckerRegistry.Builder builder = CheckerRegistry.builder().classOptions(provider.name(), classOptions);
    if (provider instanceof NoneCheckerProvider) {
      return builder.hostClassLoader(hidingServices).build(); // the built-in none
    }
    Path serviceFile = Files.createTempFile(scratchDirectory, "kit-provider-", ".services");
    Files.writeString(serviceFile, BRIDGE + "\n", StandardCharsets.UTF_8);
    BridgeLoader bridge = new BridgeLoader(hidingServices, serviceFile.toUri().toURL());
    try {
      bridge.loadClass(BRIDGE).getField("delegate").set(null, provider);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot define the kit's bridge provider", e);
    }
    return builder.hostClassLoader(bridge).build();
  }

  /** Defines its own copy of {@link KitBridgeProvider} and offers only it as a service. */
  private static final class BridgeLoader extends ClassLoader {
    static {
      ClassLoader.registerAsParallelCapable();
    }

    private final URL serviceFile;

    BridgeLoader(ClassLoader parent, URL serviceFile) {
      super("pathcheck-testkit-bridge", parent);
      this.serviceFile = serviceFile;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!BRIDGE.equals(name)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded != null) {
          return loaded;
        }
        try (InputStream in =
            KitBridgeProvider.class.getResourceAsStream(KitBridgeProvider.class.getSimpleName() + ".class")) {
          if (in == null) {
            throw new ClassNotFoundException(name + ": its class file is not in the testkit");
          }
          byte[] bytes = in.readAllBytes();
          return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }

    @Override
    public URL getResource(String name) {
      return SERVICE_FILE.equals(name) ? serviceFile : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      return SERVICE_FILE.equals(name)
          ? Collections.enumeration(java.util.List.of(serviceFile))
          : super.getResources(name);
    }
  }
}
