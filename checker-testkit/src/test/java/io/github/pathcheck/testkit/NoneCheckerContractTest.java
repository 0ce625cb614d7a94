package io.github.pathcheck.testkit;

import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.loader.NoneCheckerProvider;
import java.nio.file.Path;
import java.util.Optional;

/** The whole kit against the built-in {@code none} checker, as a plugin author would run it. */
class NoneCheckerContractTest extends CheckerContractKit {
  @Override
  protected CheckerProvider provider() {
    return new NoneCheckerProvider();
  }

  /** None: none is built into the host, not a plugin, so the isolation contract does not apply. */
  @Override
  protected Optional<Path> pluginJar() {
    return Optional.empty();
  }
}
