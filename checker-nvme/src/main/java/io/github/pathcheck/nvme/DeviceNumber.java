package io.github.pathcheck.nvme;

/** A device number, {@code major:minor}, as sysfs's {@code dev} files and {@code /sys/dev/char} name it. */
record DeviceNumber(int major, int minor) {
  /** Returns {@code major:minor}. */
  @Override
  public String toString() {
    return major + ":" + minor;
  }
}
