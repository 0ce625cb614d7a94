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
  void findsNothingWithoutASysfsBlockDirectory() throws IOException {
    assertThat(new SysfsDiscovery(sys.resolve("missing"), Path.of("/dev")).discover()).isEmpty();
  }

  @Test
  void findsNoStoragePathOnThisHostsVirtioAndLoopDevices() throws IOException {
    List<PathInfo> found = new SysfsDiscovery(Path.of("/sys/block"), Path.of("/dev")).discover();

    assertThat(found).allSatisfy(p -> assertThat(p.kind()).isIn("scsi", "nvme"));
  }
}
