package io.github.pathcheck.testkit.internal;

import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerProvider;
import java.util.Map;

/**
 * The provider the kit's registries discover: it hands on to the provider of the test under way. The kit
 * defines a copy of this class in a class loader of each registry's own and sets {@link #delegate} there; this
 * copy is never used.
 */
public final class KitBridgeProvider implements CheckerProvider {
  /** The provider of the test, set by the kit before its registry discovers this one. */
  public static volatile CheckerProvider delegate;

  /** ServiceLoader creates it. */
  public KitBridgeProvider() {}

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public CheckerClass load(Map<String, String> classOptions) {
    return delegate.load(classOptions);
  }
}
