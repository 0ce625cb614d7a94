package io.github.pathcheck.lab;

import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.directio.DirectioCheckerProvider;
import io.github.pathcheck.testkit.CheckerContractKit;
import io.github.pathcheck.testkit.TestDevice;
import java.nio.file.Path;

/** The testkit's contract for directio on a real SCSI disk, where it answers up. Run in the lab's guest only. */
public class DirectioOnScsiDiskContract extends CheckerContractKit {
  @Override
  protected CheckerProvider provider() {
    return new DirectioCheckerProvider();
  }

  @Override
  protected boolean isAsyncCapable() {
    return true;
  }

  @Override
  protected PathState expectedState() {
    return PathState.UP;
  }

  @Override
  protected TestDevice newDevice(Path scratchDirectory) throws Exception {
    return ScsiDiskContract.openDisk();
  }
}
