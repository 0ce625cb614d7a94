package io.github.pathcheck.lab;

import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.directio.DirectioCheckerProvider;

/** The testkit's contract for directio on a real SCSI disk, where it answers up. Run in the lab's guest only. */
public class DirectioOnScsiDiskContract extends ScsiDiskContract {
  @Override
  protected CheckerProvider provider() {
    return new DirectioCheckerProvider();
  }

  /** directio honours the asynchronous protocol; tur, now synchronous, keeps the kit's default. */
  @Override
  protected boolean isAsyncCapable() {
    return true;
  }
}
