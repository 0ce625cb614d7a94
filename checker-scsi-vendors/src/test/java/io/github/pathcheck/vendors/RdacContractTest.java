package io.github.pathcheck.vendors;

import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.testkit.CheckerContractKit;

/**
 * The testkit's contract, run against rdac on the kit's scratch files: a regular file takes no SCSI commands, so
 * the answer for a working device is wild (" doesn't support this device"), as tur's.
 */
class RdacContractTest extends CheckerContractKit {
  @Override
  protected CheckerProvider provider() {
    return new RdacCheckerProvider();
  }

  @Override
  protected PathState expectedState() {
    return PathState.WILD;
  }
}
