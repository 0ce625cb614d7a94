package io.github.pathcheck.tur;

import io.github.pathcheck.api.CheckerProvider;

/** The testkit's contract against cciss_tur, tur's alias: the same answers on the kit's scratch files. */
class CcissTurContractTest extends TurContractTest {
  @Override
  protected CheckerProvider provider() {
    return new CcissTurCheckerProvider();
  }
}
