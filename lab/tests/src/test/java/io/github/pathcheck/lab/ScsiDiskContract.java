package io.github.pathcheck.lab;

import io.github.pathcheck.api.PathState;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import io.github.pathcheck.testkit.CheckerContractKit;
import io.github.pathcheck.testkit.DeviceScenario;
import io.github.pathcheck.testkit.TestDevice;
import java.nio.file.Path;
import java.util.List;

/**
 * The testkit's contract on a real SCSI disk, where the checker answers up: the disk's path, set by {@link
 * GuestScenarios} in the guest, and the devices the contract opens on it. The subclasses ({@link
 * TurOnScsiDiskContract}, {@link DirectioOnScsiDiskContract}) supply the provider only. They are run by the
 * guest's scenario runner only: their names do not end in "Test", so Surefire does not run them on the host,
 * which has no SCSI disk.
 */
abstract class ScsiDiskContract extends CheckerContractKit {
  /** The system property naming the disk, e.g. {@code /dev/sda}. */
  static final String DISK_PROPERTY = "pathcheck.lab.scsiDisk";

  @Override
  protected PathState expectedState() {
    return PathState.UP;
  }

  /**
   * None of the kit's unhealthy scratch devices: the guest's scratch directory (9p under an overlay) has no
   * {@code O_DIRECT}, and the host's own contract tests of each checker run those scenarios; the guest proves
   * the contract on the real SCSI disk, and the SCSI faults are the scenarios of {@link GuestScenarios}.
   */
  @Override
  protected List<DeviceScenario> deviceScenarios() {
    return List.of();
  }

  /** Opens the disk anew: each checker of the contract gets a descriptor of its own. */
  @Override
  protected TestDevice newDevice(Path scratchDirectory) throws Exception {
    String disk = System.getProperty(DISK_PROPERTY);
    if (disk == null) {
      throw new IllegalStateException(
          "no SCSI disk: the lab's scenario runner sets " + DISK_PROPERTY + " before running the contract");
    }
    LinuxPathDevice device = LinuxPathDevice.open(Path.of(disk));
    return TestDevice.of(device, device::close);
  }
}
