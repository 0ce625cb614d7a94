package io.github.pathcheck.nvme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvmeSysfsTest {
  @Test
  void findsTheControllerOfACharacterDeviceNumberThroughDevChar(@TempDir Path dir) {
    FakeSysfs sys = new FakeSysfs(dir);
    sys.controller("nvme2", 241, 2, "live");
    sys.generic("ng0n1", 240, 0);

    assertThat(sys.sysfs().controllerOf(new DeviceNumber(241, 2)).orElseThrow().name()).isEqualTo("nvme2");
    assertThat(sys.sysfs().controllerOf(new DeviceNumber(241, 2)).orElseThrow().state()).contains("live");
    assertThat(sys.sysfs().controllerOf(new DeviceNumber(240, 0))).as("a generic namespace node").isEmpty();
    assertThat(sys.sysfs().controllerOf(new DeviceNumber(241, 3))).as("no such device").isEmpty();
  }

  @Test
  void listsThePathDevicesWithTheirNamespaceAnaStateAndBlockSize(@TempDir Path dir) throws Exception {
    FakeSysfs sys = new FakeSysfs(dir);
    Path nvme1 = sys.controller("nvme1", 241, 1, "live");
    sys.path(nvme1, "nvme0c1n2", 7, "non-optimized", 512);
    sys.path(nvme1, "nvme0c1n1", 3, "optimized", 4096);
    Files.createDirectories(nvme1.resolve("power"));
    Files.createDirectories(nvme1.resolve("nvme0c1n9"));

    NvmeSysfs.Controller controller = sys.sysfs().controllerOf(new DeviceNumber(241, 1)).orElseThrow();

    assertThat(controller.paths()).extracting(NvmeSysfs.PathDevice::name).containsExactly("nvme0c1n1", "nvme0c1n2");
    assertThat(controller.path(7).orElseThrow().anaState()).contains("non-optimized");
    assertThat(controller.path(7).orElseThrow().logicalBlockSize()).contains(512);
    assertThat(controller.path(3).orElseThrow().name()).isEqualTo("nvme0c1n1");
    assertThat(controller.path(9)).isEmpty();
  }

  @Test
  void aControllerGoneFromSysfsHasNoStateAndNoPaths(@TempDir Path dir) {
    FakeSysfs sys = new FakeSysfs(dir);
    Path nvme1 = sys.controller("nvme1", 241, 1, "live");
    sys.path(nvme1, "nvme0c1n1", 1, "optimized", 512);
    NvmeSysfs.Controller controller = sys.sysfs().controllerOf(new DeviceNumber(241, 1)).orElseThrow();

    FakeSysfs.deleteTree(nvme1);

    assertThat(controller.state()).isEmpty();
    assertThat(controller.paths()).isEmpty();
  }

  @Test
  void onTheHostsOwnSysfsACharacterDeviceOfAnotherClassIsNoController() {
    // /dev/null, 1:3, of class mem: every Linux has it, with the links the lookup follows.
    assertThat(Path.of("/sys/dev/char/1:3/subsystem")).exists();
    assertThat(NvmeSysfs.system().controllerOf(new DeviceNumber(1, 3))).isEmpty();
  }
}
