package io.github.pathcheck.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pathcheck.fixtures.TargetTempDirFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStatusFlagsTest {
  @TempDir(factory = TargetTempDirFactory.class)
  Path dir;

  @AfterEach
  void noDescriptorLeft() throws Exception {
    assertThat(OpenFds.referringTo(dir)).isEmpty();
  }

  @Test
  void setsAndClearsODirect() throws Exception {
    Path file = Files.write(dir.resolve("disk.img"), new byte[4096]);
    try (LinuxPathDevice device = LinuxPathDevice.open(file)) {
      int original = FileStatusFlags.get(device);
      assertThat(original & OpenFlags.O_DIRECT).isZero();
      assertThat(original & 3).isEqualTo(OpenFlags.O_RDONLY);

      FileStatusFlags.set(device, original | OpenFlags.O_DIRECT);

      assertThat(FileStatusFlags.get(device)).isEqualTo(original | OpenFlags.O_DIRECT);
      assertThat(OpenFds.fdinfoFlags(device.fd()) & OpenFlags.O_DIRECT).as("kernel's view").isNotZero();

      FileStatusFlags.set(device, original);

      assertThat(FileStatusFlags.get(device)).isEqualTo(original);
      assertThat(OpenFds.fdinfoFlags(device.fd()) & OpenFlags.O_DIRECT).isZero();
    }
  }

  @Test
  void closedDeviceFailsWithEbadf() throws Exception {
    Path file = Files.write(dir.resolve("disk.img"), new byte[0]);
    LinuxPathDevice device = LinuxPathDevice.open(file);
    device.close();

    assertThatThrownBy(() -> FileStatusFlags.get(device))
        .isInstanceOfSatisfying(
            NativeException.class,
            e -> {
              assertThat(e.errnoName()).isEqualTo("EBADF");
              assertThat(e.call()).isEqualTo("fcntl(F_GETFL)");
              assertThat(e.path()).contains(file);
            })
        .hasMessageStartingWith("fcntl(F_GETFL) on " + file + " failed: EBADF (Bad file descriptor)");
    assertThatThrownBy(() -> FileStatusFlags.set(device, 0))
        .isInstanceOfSatisfying(NativeException.class, e -> assertThat(e.call()).isEqualTo("fcntl(F_SETFL)"));
  }
}
