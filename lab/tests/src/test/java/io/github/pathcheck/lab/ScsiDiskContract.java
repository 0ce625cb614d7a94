package io.github.pathcheck.lab;

/**
 * The testkit's contract on a real SCSI disk of the lab, set by {@link GuestScenarios}; the subclasses ({@link
 * TurOnScsiDiskContract}, {@link DirectioOnScsiDiskContract}) supply the provider only.
 */
abstract class ScsiDiskContract extends GuestDeviceContract {
  /** The system property naming the disk, e.g. {@code /dev/sda}. */
  static final String DISK_PROPERTY = "pathcheck.lab.scsiDisk";

  ScsiDiskContract() {
    super(DISK_PROPERTY, "SCSI disk");
  }
}
