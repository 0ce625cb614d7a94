package io.github.pathcheck.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStatTest {
  @TempDir Path dir;

  @AfterEach
  void noDescriptorLeft() throws Exception {
    assertThat(OpenFds.referringTo(dir)).isEmpty();
  }

  @Test
  void structHasTheKernelsSize() {
    assertThat(new StatxNative.Statx().size()).isEqualTo(StatxNative.Statx.SIZE);
  }

  @Test
  void regularFileMatchesJavaUnixAttributes() throws Exception {
    Path file = Files.write(dir.resolve("disk.img"), new byte[12345]);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    Map<String, Object> unix = Files.readAttributes(file, "unix:*");

    FileStat stat;
    try (LinuxPathDevice device = LinuxPathDevice.open(file)) {
      stat = FileStat.of(device);
    }

    assertThat(stat.isRegularFile()).isTrue();
    assertThat(stat.isBlockDevice()).isFalse();
    assertThat(stat.isCharacterDevice()).isFalse();
    assertThat(stat.isDirectory()).isFalse();
    assertThat(stat.size()).isEqualTo(12345L).isEqualTo(unix.get("size"));
    assertThat(stat.mode()).isEqualTo(0100640).isEqualTo(unix.get("mode"));
    assertThat(stat.rdev()).isZero().isEqualTo(unix.get("rdev"));
    assertThat(stat.major()).isZero();
    assertThat(stat.minor()).isZero();
  }

  @Test
  void characterDeviceHasItsDeviceNumber() throws Exception {
    Path devNull = Path.of("/dev/null");
    Map<String, Object> unix = Files.readAttributes(devNull, "unix:*");

    // LinuxPathDevice refuses character devices: describe a descriptor of our own.
    int fd = FileNative.open(devNull.toString(), OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0);
    assertThat(fd).isNotNegative();
    FileStat stat;
    try {
      stat = FileStat.of(fd, devNull);
    } finally {
      FileNative.close(fd);
    }

    assertThat(stat.isCharacterDevice()).isTrue();
    assertThat(stat.major()).isEqualTo(1);
    assertThat(stat.minor()).isEqualTo(3);
    assertThat(stat.rdev()).isEqualTo(unix.get("rdev"));
    assertThat(stat.mode()).isEqualTo(unix.get("mode"));
  }

  @Test
  void directoryIsADirectory() throws Exception {
    int fd = FileNative.open(dir.toString(), OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY | OpenFlags.O_CLOEXEC, 0);
    assertThat(fd).isNotNegative();
    try {
      FileStat stat = FileStat.of(fd, dir);

      assertThat(stat.isDirectory()).isTrue();
      assertThat(stat.mode()).isEqualTo(Files.readAttributes(dir, "unix:mode").get("mode"));
    } finally {
      assertThat(FileNative.close(fd)).isZero();
    }
  }

  @Test
  void closedDeviceFailsWithEbadf() throws Exception {
    Path file = Files.write(dir.resolve("disk.img"), new byte[0]);
    LinuxPathDevice device = LinuxPathDevice.open(file);
    device.close();

    assertThatThrownBy(() -> FileStat.of(device))
        .isInstanceOfSatisfying(
            NativeException.class,
            e -> {
              assertThat(e.errnoName()).isEqualTo("EBADF");
              assertThat(e.call()).isEqualTo("fstat");
            })
        .hasMessageStartingWith("fstat(" + file + ") failed: EBADF");
  }

  @Test
  void isAValue() throws Exception {
    Path file = Files.write(dir.resolve("disk.img"), new byte[10]);
    try (LinuxPathDevice device = LinuxPathDevice.open(file)) {
      FileStat first = FileStat.of(device);
      FileStat second = FileStat.of(device);

      assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
      assertThat(first.toString()).contains("size=10", "mode=0100");
    }
  }
}
