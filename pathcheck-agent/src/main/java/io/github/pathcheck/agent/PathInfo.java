package io.github.pathcheck.agent;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A path the agent may watch, with what sysfs says of it.
 *
 * @param devnode the device node or file to open; for a per-controller path of native NVMe multipath, which has
 *     no node, its bare name ({@code nvme0c1n1}), the node to open being {@code controllerPath}'s
 * @param kind {@code scsi}, {@code nvme}, {@code explicit} (listed in the configuration), or {@code block} (another
 *     disk a test has discovery find)
 * @param wwid the World Wide Identifier, where known
 * @param vendor the vendor, where known ({@code NVME} for NVMe namespaces, as multipath names them)
 * @param product the product (the model), where known
 * @param sysfsTimeout the device's SCSI command timeout from sysfs, where known
 * @param controllerPath for a per-controller path of native NVMe multipath, its controller's node and namespace
 */
record PathInfo(
    Path devnode,
    String kind,
    Optional<String> wwid,
    Optional<String> vendor,
    Optional<String> product,
    Optional<java.time.Duration> sysfsTimeout,
    Optional<NvmeControllerPath> controllerPath) {

  /** A path reached through its own node: every kind but a per-controller NVMe path. */
  PathInfo(Path devnode, String kind, Optional<String> wwid, Optional<String> vendor, Optional<String> product,
      Optional<java.time.Duration> sysfsTimeout) {
    this(devnode, kind, wwid, vendor, product, sysfsTimeout, Optional.empty());
  }

  /** Returns the node the agent opens: the controller's for a per-controller NVMe path, else {@link #devnode}. */
  Path node() {
    return controllerPath.map(NvmeControllerPath::node).orElse(devnode);
  }

  static PathInfo explicit(Path devnode) {
    return new PathInfo(devnode, "explicit", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }
}
