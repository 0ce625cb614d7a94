package io.github.pathcheck.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pathcheck.fixtures.Privileges;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockDevicesTest {
  @TempDir Path dir;

  @AfterEach
  void noDescriptorLeft() throws Exception {
    assertThat(OpenFds.referringTo(dir)).isEmpty();
  }

  @Test
  void ioctlNumbersMatchTheKernelsEncoding() {
    assertThat(IoctlNumbers.BLKBSZGET).isEqualTo(0x80081270L);
    assertThat(IoctlNumbers.BLKGETSIZE64).isEqualTo(0x80081272L);
  }

  @Test
  void regularFileIsNotABlockDevice() throws Exception {
    Path file = Files.write(dir.resolve("disk.img"), new byte[4096]);
    try (LinuxPathDevice device = LinuxPathDevice.open(file)) {
      assertThatThrownBy(() -> BlockDevices.blockSize(device))
          .isInstanceOfSatisfying(
              NativeException.class,
              e -> {
                assertThat(e.errno()).isEqualTo(25);
                assertThat(e.errnoName()).isEqualTo("ENOTTY");
                assertThat(e.call()).isEqualTo("ioctl(BLKBSZGET)");
              })
          .hasMessage(
              "ioctl(BLKBSZGET) on "
                  + file
                  + " failed: ENOTTY (Inappropriate ioctl for device); give a block device");
      assertThatThrownBy(() -> BlockDevices.size(device))
          .isInstanceOfSatisfying(
              NativeException.class,
              e -> {
                assertThat(e.errnoName()).isEqualTo("ENOTTY");
                assertThat(e.call()).isEqualTo("ioctl(BLKGETSIZE64)");
              });
    }
  }

  @Test
  void loopDeviceReportsBlockSizeAndSize() throws Exception {
    Privileges.assumeRoot("attach a loop device");
    long fileSize = 3 * 1024 * 1024 + 8192;
    Path backing = Files.write(dir.resolve("backing.img"), new byte[(int) fileSize]);
    Path loop;
    try (LoopDevice attached = LoopDevice.attach(backing)) {
      loop = attached.path();
      try (LinuxPathDevice device = LinuxPathDevice.open(loop)) {
        assertThat(BlockDevices.blockSize(device)).isIn(512, 1024, 2048, 4096);
        assertThat(BlockDevices.size(device)).isEqualTo(fileSize);
        FileStat stat = FileStat.of(device);
        Map<String, Object> unix = Files.readAttributes(loop, "unix:*");
        assertThat(stat.isBlockDevice()).isTrue();
        assertThat(stat.major()).as("loop major").isEqualTo(7);
        assertThat(stat.rdev()).isEqualTo(unix.get("rdev"));
        assertThat(stat.mode()).isEqualTo(unix.get("mode"));
      }
    }
    assertThat(OpenFds.referringTo(loop)).isEmpty();
  }
}
