package io.github.pathcheck.nvme;

import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.testkit.CheckerContractKit;

/**
 * The testkit's contract, run against ana on the kit's scratch files: a regular file is no NVMe controller, so
 * the answer for a working device is wild (" doesn't support this device"). The lab runs it on an NVMe path.
 */
class AnaContractTest extends CheckerContractKit {
  @Override
  protected CheckerProvider provider() {
    return new AnaCheckerProvider();
  }

  /** True: the class checks asynchronously through an io_uring, which this kernel gives. */
  @Override
  protected boolean isAsyncCapable() {
    return true;
  }

  @Override
  protected PathState expectedState() {
    return PathState.WILD;
  }
}
