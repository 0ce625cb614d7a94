package io.github.pathcheck.directio;

import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.testkit.CheckerContractKit;
import io.github.pathcheck.testkit.PluginJars;
import java.nio.file.Path;
import java.util.Optional;

/** directio passes the checker contract, on O_DIRECT scratch files, and unloads cleanly as a plugin. */
class DirectioContractTest extends CheckerContractKit {

  @Override
  protected CheckerProvider provider() {
    return new DirectioCheckerProvider();
  }

  @Override
  protected boolean isAsyncCapable() {
    return true;
  }

  @Override
  protected Optional<Path> pluginJar() {
    return Optional.of(PluginJars.packageOf(DirectioCheckerProvider.class));
  }
}
