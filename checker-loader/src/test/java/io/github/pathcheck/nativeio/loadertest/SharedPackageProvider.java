package io.github.pathcheck.nativeio.loadertest;

import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerProvider;
import java.util.Map;

/**
 * A provider of the host's test class path in a package plugins share with the host (parent-first), and not
 * in the host's service file: a plugin whose service file names it gets the host's class, which does not
 * count as the plugin's own provider.
 */
public final class SharedPackageProvider implements CheckerProvider {
  @Override
  public String name() {
    return "shared";
  }

  @Override
  public CheckerClass load(Map<String, String> classOptions) {
    throw new UnsupportedOperationException("never loaded");
  }
}
