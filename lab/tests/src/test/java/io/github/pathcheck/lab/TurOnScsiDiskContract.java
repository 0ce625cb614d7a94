package io.github.pathcheck.lab;

import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.tur.TurCheckerProvider;

/** The testkit's contract for tur on a real SCSI disk, where it answers up. Run in the lab's guest only. */
public class TurOnScsiDiskContract extends ScsiDiskContract {
  @Override
  protected CheckerProvider provider() {
    return new TurCheckerProvider();
  }
}
