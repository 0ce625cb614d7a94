package io.github.pathcheck.directio;

import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.testkit.CheckerContractKit;

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
}
