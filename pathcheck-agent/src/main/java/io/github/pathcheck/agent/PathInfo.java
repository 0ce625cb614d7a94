package io.github.pathcheck.agent;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A path the agent may watch, with what sysfs says of it.
 *
 * @param devnode the device node or file to open
 * @param kind {@code scsi}, {@code nvme}, {@code explicit} (listed in the configuration), or {@code block} (another
 *     disk a test has discovery find)
 * @param wwid the World Wide Identifier, where known
 * @param vendor the vendor, where known ({@code NVME} for NVMe namespaces, as multipath names them)
 * @param product the product (the model), where known
 * @param sysfsTimeout the device's SCSI command timeout from sysfs, where known
 */
record PathInfo(
    Path devnode,
    String kind,
    Optional<String> wwid,
    Optional<String> vendor,
    Optional<String> product,
    Optional<java.time.Duration> sysfsTimeout) {

  static PathInfo explicit(Path devnode) {
    return new PathInfo(devnode, "explicit", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }
}
