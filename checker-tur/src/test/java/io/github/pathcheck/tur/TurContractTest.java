package io.github.pathcheck.tur;

import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.testkit.CheckerContractKit;

/**
 * The testkit's contract, run against tur on the kit's scratch files: a regular file has no SG_IO, so the
 * answer for a working device is wild (" doesn't support this device").
 */
class TurContractTest extends CheckerContractKit {
  @Override
  protected CheckerProvider provider() {
    return new TurCheckerProvider();
  }

  @Override
  protected PathState expectedState() {
    return PathState.WILD;
  }
}
