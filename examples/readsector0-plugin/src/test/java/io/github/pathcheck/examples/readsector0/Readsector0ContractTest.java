package io.github.pathcheck.examples.readsector0;

import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.testkit.CheckerContractKit;

/**
 * readsector0 passes the checker contract on the kit's scratch files, and unloads cleanly as a plugin. A file
 * takes no SCSI commands, so its answer is down, as multipath's readsector0 answers.
 */
class Readsector0ContractTest extends CheckerContractKit {

  @Override
  protected CheckerProvider provider() {
    return new Readsector0CheckerProvider();
  }

  @Override
  protected PathState expectedState() {
    return PathState.DOWN;
  }
}
