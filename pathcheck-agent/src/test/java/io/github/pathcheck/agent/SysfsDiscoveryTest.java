package io.github.pathcheck.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery on a directory tree laid out as sysfs lays out SCSI disks and NVMe namespaces. */
class SysfsDiscoveryTest {
  @TempDir Path sys;

  private void attribute(String relative, String value) throws IOException {
    Path file = sys.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, value + "\n");
  }

  @Test
  void findsScsiDisksAndNvmeNamespacesWithTheirAttributes() throws IOException {
    attribute("sdb/device/vendor", "NETAPP  ");
    attribute("sdb/device/model", "LUN C-Mode      ");
    attribute("sdb/device/wwid", "naa.600a098038303053");
    attribute("sdb/device/timeout", "30");
    attribute("nvme0n1/wwid", "eui.0025388b91b0c0a1");
    attribute("nvme0n1/device/model", "Samsung SSD 980");
    Files.createDirectories(sys.resolve("loop0"));
    Files.createDirectories(sys.resolve("vda"));
    Files.createDirectories(sys.resolve("sda"));

    List<PathInfo> found = new SysfsDiscovery(sys, Path.of("/dev")).discover();

    assertThat(found).containsExactly(
        new PathInfo(Path.of("/dev/nvme0n1"), "nvme", Optional.of("eui.0025388b91b0c0a1"), Optional.of("NVME"),
            Optional.of("Samsung SSD 980"), Optional.empty()),
        new PathInfo(Path.of("/dev/sda"), "scsi", Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty()),
        new PathInfo(Path.of("/dev/sdb"), "scsi", Optional.of("naa.600a098038303053"), Optional.of("NETAPP"),
            Optional.of("LUN C-Mode"), Optional.of(Duration.ofSeconds(30))));
  }

  @Test
  void findsThePerControllerPathsOfNativeNvmeMultipathByNameThroughTheirControllersNodesAndLeavesTheHeadOut()
      throws IOException {
    // native multipath: head nvme0n1 (namespace 1) and nvme0n2 (namespace 7), each through controllers 1 and 2
    attribute("nvme0n1/wwid", "uuid.4a1f");
    attribute("nvme0n1/nsid", "1");
    attribute("nvme1n1/wwid", "eui.77aa"); // subsystem 1: a namespace with no per-controller path, a path itself
    for (String controller : List.of("1", "2")) {
      attribute("nvme0c" + controller + "n1/wwid", "uuid.4a1f");
      attribute("nvme0c" + controller + "n1/nsid", "1");
      attribute("nvme0c" + controller + "n1/device/model", "Linux");
      attribute("nvme0c" + controller + "n2/nsid", "7");
    }
    attribute("nvme0c3n1/wwid", "uuid.4a1f"); // gone from sysfs but for this attribute: no nsid, skipped
    Path dev = Path.of("/dev");
    SysfsDiscovery discovery = new SysfsDiscovery(sys, dev);

    List<PathInfo> found = discovery.discover();

    assertThat(found).containsExactly(
        new PathInfo(Path.of("/dev/nvme1n1"), "nvme", Optional.of("eui.77aa"), Optional.of("NVME"),
            Optional.empty(), Optional.empty()),
        nvmePath("nvme0c1n1", Optional.of("uuid.4a1f"), Optional.of("Linux"), "/dev/nvme1", 1),
        nvmePath("nvme0c1n2", Optional.empty(), Optional.empty(), "/dev/nvme1", 7),
        nvmePath("nvme0c2n1", Optional.of("uuid.4a1f"), Optional.of("Linux"), "/dev/nvme2", 1),
        nvmePath("nvme0c2n2", Optional.empty(), Optional.empty(), "/dev/nvme2", 7));
    assertThat(found.get(0).node()).isEqualTo(Path.of("/dev/nvme1n1"));
    assertThat(found.get(1).node()).isEqualTo(Path.of("/dev/nvme1"));
    assertThat(discovery.describe("nvme0n1")).as("the head, as a disk event names it").isEmpty();
    assertThat(discovery.devnode("nvme0c2n1")).isEqualTo(Path.of("nvme0c2n1"));
    assertThat(discovery.devnode("nvme0n1")).isEqualTo(Path.of("/dev/nvme0n1"));
  }

  private static PathInfo nvmePath(String name, Optional<String> wwid, Optional<String> model, String controller,
      long nsid) {
    return new PathInfo(Path.of(name), "nvme", wwid, Optional.of("NVME"), model, Optional.empty(),
        Optional.of(new NvmeControllerPath(Path.of(controller), nsid)));
  }

  @Test
  void findsNothingWithoutASysfsBlockDirectory() throws IOException {
    assertThat(new SysfsDiscovery(sys.resolve("missing"), Path.of("/dev")).discover()).isEmpty();
  }

  @Test
  void findsNoStoragePathOnThisHostsVirtioAndLoopDevices() throws IOException {
    List<PathInfo> found = new SysfsDiscovery(Path.of("/sys/block"), Path.of("/dev")).discover();

    assertThat(found).allSatisfy(p -> assertThat(p.kind()).isIn("scsi", "nvme"));
  }
}
