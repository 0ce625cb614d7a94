package io.github.pathcheck.examples.readsector0;

import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.testkit.CheckerContractKit;
import io.github.pathcheck.testkit.PluginJars;
import java.nio.file.Path;
import java.util.Optional;

/** readsector0 passes the checker contract on O_DIRECT scratch files, and unloads cleanly as a plugin. */
class Readsector0ContractTest extends CheckerContractKit {

  @Override
  protected CheckerProvider provider() {
    return new Readsector0CheckerProvider();
  }

  @Override
  protected Optional<Path> pluginJar() {
    return Optional.of(PluginJars.packageOf(Readsector0CheckerProvider.class));
  }
}
