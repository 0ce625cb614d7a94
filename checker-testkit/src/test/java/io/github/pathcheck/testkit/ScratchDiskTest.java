package io.github.pathcheck.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchDiskTest {
  @TempDir Path dir;

  @Test
  void isAFileOfTheSizeReadableWithODirect() throws IOException {
    try (ScratchDisk disk = ScratchDisk.create(dir, 64 * 1024)) {
      assertThat(disk.path()).isRegularFile().hasParent(dir);
      assertThat(Files.size(disk.path())).isEqualTo(64 * 1024).isEqualTo(disk.size());
      try (FileChannel direct =
          FileChannel.open(disk.path(), StandardOpenOption.READ, ExtendedOpenOption.DIRECT)) {
        ByteBuffer block =
            ByteBuffer.allocateDirect(2 * ScratchDisk.BLOCK_SIZE).alignedSlice(ScratchDisk.BLOCK_SIZE);
        block.limit(ScratchDisk.BLOCK_SIZE);
        assertThat(direct.read(block, ScratchDisk.BLOCK_SIZE)).isEqualTo(ScratchDisk.BLOCK_SIZE);
        assertThat(block.flip().get(0)).isZero();
      }
    }
  }

  @Test
  void closeDeletesTheFileOnce() throws IOException {
    ScratchDisk disk = ScratchDisk.create(dir, ScratchDisk.BLOCK_SIZE);
    disk.close();
    assertThat(disk.path()).doesNotExist();
    Files.writeString(disk.path(), "someone else's file now");
    disk.close();
    assertThat(disk.path()).exists();
  }

  @Test
  void rejectsSizesThatAreNotWholeBlocks() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ScratchDisk.create(dir, 1000))
        .withMessageContaining("multiple of 4096");
    assertThatIllegalArgumentException().isThrownBy(() -> ScratchDisk.create(dir, 0));
  }

  @Test
  void theTemporaryDirectoryOfTheTestsSupportsODirect() throws IOException {
    assertThat(ScratchDisk.supportsDirectIo(dir))
        .as("java.io.tmpdir (%s) must be on a file system with O_DIRECT for the device tests", dir)
        .isTrue();
  }
}
