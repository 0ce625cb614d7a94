package io.github.pathcheck.lab;

import io.github.pathcheck.nativeio.LinuxPathDevice;
import io.github.pathcheck.testkit.TestDevice;
import java.nio.file.Path;

/**
 * Where the testkit's contract runs on a real SCSI disk: the disk's path, set by {@link GuestScenarios} in the
 * guest, and the devices the contract classes open on it. The contract classes ({@link TurOnScsiDiskContract},
 * {@link DirectioOnScsiDiskContract}) are run by the guest's scenario runner only: their names do not end in
 * "Test", so Surefire does not run them on the host, which has no SCSI disk.
 */
final class ScsiDiskContract {
  /** The system property naming the disk, e.g. {@code /dev/sda}. */
  static final String DISK_PROPERTY = "pathcheck.lab.scsiDisk";

  private ScsiDiskContract() {}

  /** Opens the disk anew: each checker of the contract gets a descriptor of its own. */
  static TestDevice openDisk() throws Exception {
    String disk = System.getProperty(DISK_PROPERTY);
    if (disk == null) {
      throw new IllegalStateException(
          "no SCSI disk: the lab's scenario runner sets " + DISK_PROPERTY + " before running the contract");
    }
    LinuxPathDevice device = LinuxPathDevice.open(Path.of(disk));
    return TestDevice.of(device, device::close);
  }
}
