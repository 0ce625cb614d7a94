package io.github.pathcheck.nvme;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.nativeio.LinuxPathDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CharacterDevicesTest {
  @Test
  void decodesDeviceNumbersAsGlibcDoes() {
    assertThat(CharacterDevices.major(0xf101L)).isEqualTo(241);
    assertThat(CharacterDevices.minor(0xf101L)).isEqualTo(1);
    // glibc's makedev(0x123abc, 0x45678)
    long big = (0x123000L << 32) | (0xabcL << 8) | (0x45600L << 12) | 0x78;
    assertThat(CharacterDevices.major(big)).isEqualTo(0x123abc);
    assertThat(CharacterDevices.minor(big)).isEqualTo(0x45678);
  }

  @Test
  void anOpenRegularFileIsNoCharacterDevice(@TempDir Path dir) throws Exception {
    Path file = Files.write(dir.resolve("disk.img"), new byte[4096]);
    try (LinuxPathDevice device = LinuxPathDevice.open(file)) {
      assertThat(CharacterDevices.numberOf(device)).isEmpty();
    }
  }
}
