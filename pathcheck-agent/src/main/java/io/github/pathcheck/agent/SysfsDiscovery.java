package io.github.pathcheck.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the storage paths of this host in sysfs: SCSI disks ({@code sd*}) and NVMe namespaces ({@code
 * nvme<c>n<n>}, also the per-controller paths {@code nvme<s>c<c>n<n>} of native NVMe multipathing), with the
 * vendor, product and WWID sysfs gives. Reads only; a device that goes away meanwhile is skipped.
 *
 * <p>A per-controller path is a hidden disk without a device node: it is named by its bare name ({@code
 * nvme0c1n1}) and reached through its controller's node, {@code /dev/nvme<c>} (the kernel names the disk after
 * the subsystem's, the controller's and the namespace head's instances, and the controller {@code nvme<c>}),
 * with the namespace identifier its sysfs {@code nsid} gives. The head of such paths ({@code nvme0n1}) is not a
 * path: it is left out whenever a per-controller path of it is in sysfs, as multipathd's NVMe view lists the
 * paths and shows the head as the map they make.
 */
final class SysfsDiscovery {
  private static final Pattern SCSI_DISK = Pattern.compile("sd[a-z]+");
  private static final Pattern NVME_NAMESPACE = Pattern.compile("nvme(\\d+)n(\\d+)");
  /** A per-controller path {@code nvme<s>c<c>n<n>}: its subsystem's, controller's and namespace head's numbers. */
  private static final Pattern NVME_CONTROLLER_PATH = Pattern.compile("nvme(\\d+)c(\\d+)n(\\d+)");

  /** Matches no name. */
  private static final Pattern NONE = Pattern.compile("(?!)");

  private final Path sysBlock;
  private final Path dev;
  private final Pattern otherDisks;

  /**
   * @param sysBlock sysfs' block directory ({@code /sys/block})
   * @param dev where the device nodes are ({@code /dev})
   */
  SysfsDiscovery(Path sysBlock, Path dev) {
    this(sysBlock, dev, NONE);
  }

  /**
   * A discovery that also finds the disks whose whole name matches {@code otherDisks}, of kind {@code block}
   * and without attributes: for tests on loop devices, which hosts have but never watch by default.
   */
  SysfsDiscovery(Path sysBlock, Path dev, Pattern otherDisks) {
    this.sysBlock = sysBlock;
    this.dev = dev;
    this.otherDisks = otherDisks;
  }

  /** Returns this host's SCSI disks and NVMe namespaces in sysfs, sorted by name. */
  List<PathInfo> discover() throws IOException {
    List<PathInfo> found = new ArrayList<>();
    if (!Files.isDirectory(sysBlock)) {
      return found;
    }
    List<String> names = names();
    Set<String> heads = multipathHeads(names);
    for (String name : names) {
      describe(name, heads).ifPresent(found::add);
    }
    found.sort((a, b) -> a.devnode().compareTo(b.devnode()));
    return found;
  }

  /**
   * Returns what sysfs says of the disk {@code name} ({@code /sys/block/<name>}), if it is a SCSI disk or an
   * NVMe namespace; empty for any other name. Reads attributes that are there; a missing one is left empty.
   */
  Optional<PathInfo> describe(String name) {
    if (name.isEmpty() || name.contains("/")) {
      return Optional.empty();
    }
    if (!NVME_NAMESPACE.matcher(name).matches()) {
      return describe(name, Set.of());
    }
    try {
      return describe(name, multipathHeads(names()));
    } catch (IOException e) {
      return describe(name, Set.of()); // gone meanwhile, or no sysfs: nothing says it is a head
    }
  }

  /** {@link #describe(String)} of a name of the listing, given its {@link #multipathHeads}. */
  private Optional<PathInfo> describe(String name, Set<String> heads) {
    Path entry = sysBlock.resolve(name);
    if (SCSI_DISK.matcher(name).matches()) {
      return Optional.of(scsi(entry, name));
    }
    Matcher namespace = NVME_NAMESPACE.matcher(name);
    if (namespace.matches()) {
      return heads.contains(name)
          ? Optional.empty()
          : Optional.of(nvme(entry, dev.resolve(name), Optional.empty()));
    }
    Matcher controllerPath = NVME_CONTROLLER_PATH.matcher(name);
    if (controllerPath.matches()) {
      Path controller = dev.resolve("nvme" + controllerPath.group(2));
      return attribute(entry.resolve("nsid")).flatMap(SysfsDiscovery::nsid)
          .map(nsid -> nvme(entry, Path.of(name), Optional.of(new NvmeControllerPath(controller, nsid))));
    }
    if (otherDisks.matcher(name).matches()) {
      return Optional.of(new PathInfo(dev.resolve(name), "block", Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty()));
    }
    return Optional.empty();
  }

  /**
   * Returns the namespace disks {@code nvme<s>n<n>} of {@code names} that are heads of native NVMe multipath: those
   * with a per-controller path {@code nvme<s>c<c>n<n>} among {@code names}.
   */
  private static Set<String> multipathHeads(List<String> names) {
    Set<String> heads = new HashSet<>();
    for (String name : names) {
      Matcher path = NVME_CONTROLLER_PATH.matcher(name);
      if (path.matches()) {
        heads.add("nvme" + path.group(1) + "n" + path.group(3));
      }
    }
    return heads;
  }

  /** Returns the names in sysfs' block directory. */
  private List<String> names() throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(sysBlock)) {
      for (Path entry : entries) {
        names.add(entry.getFileName().toString());
      }
    }
    return names;
  }

  /**
   * Returns what the disk {@code name} is watched by, {@link PathInfo#devnode}: {@code /dev/<name>}, or the bare
   * name of a per-controller NVMe path.
   */
  Path devnode(String name) {
    return NVME_CONTROLLER_PATH.matcher(name).matches() ? Path.of(name) : dev.resolve(name);
  }

  /** Returns whether {@code name} is an NVMe namespace's disk, a per-controller path's or not. */
  static boolean isNvme(String name) {
    return NVME_NAMESPACE.matcher(name).matches() || NVME_CONTROLLER_PATH.matcher(name).matches();
  }

  private PathInfo scsi(Path block, String name) {
    Optional<Duration> timeout =
        attribute(block.resolve("device/timeout")).flatMap(SysfsDiscovery::seconds);
    return new PathInfo(dev.resolve(name), "scsi", attribute(block.resolve("device/wwid")),
        attribute(block.resolve("device/vendor")), attribute(block.resolve("device/model")), timeout);
  }

  private PathInfo nvme(Path block, Path devnode, Optional<NvmeControllerPath> controllerPath) {
    Optional<String> wwid = attribute(block.resolve("wwid"));
    if (wwid.isEmpty()) {
      wwid = attribute(block.resolve("device/wwid"));
    }
    Optional<String> model = attribute(block.resolve("device/model"));
    return new PathInfo(devnode, "nvme", wwid, Optional.of("NVME"), model, Optional.empty(), controllerPath);
  }

  private static Optional<Long> nsid(String value) {
    try {
      long nsid = Long.parseLong(value);
      return nsid > 0 && nsid < 0xffffffffL ? Optional.of(nsid) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Duration> seconds(String value) {
    try {
      long s = Long.parseLong(value);
      return s > 0 ? Optional.of(Duration.ofSeconds(s)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Returns a sysfs attribute's value without surrounding blanks, or empty if it is missing or blank. */
  private static Optional<String> attribute(Path file) {
    try {
      String value = Files.readString(file, StandardCharsets.UTF_8).strip();
      return value.isEmpty() ? Optional.empty() : Optional.of(value);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
