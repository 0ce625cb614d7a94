package io.github.pathcheck.testkit;

import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.loader.NoneCheckerProvider;

/** The whole kit against the built-in {@code none} checker, as a plugin author would run it. */
class NoneCheckerContractTest extends CheckerContractKit {
  @Override
  protected CheckerProvider provider() {
    return new NoneCheckerProvider();
  }
}
