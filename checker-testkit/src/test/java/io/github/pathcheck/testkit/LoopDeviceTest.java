package io.github.pathcheck.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopDeviceTest {
  @TempDir Path dir;

  @Test
  void attachesABlockDeviceOverTheFileAndDetachesIt() throws IOException {
    PrivilegedTests.assumeRoot("attach a loop device");
    try (ScratchDisk disk = ScratchDisk.create(dir, 1 << 20)) {
      Path backingFileEntry;
      try (LoopDevice loop = LoopDevice.attach(disk.path())) {
        assertThat(loop.path().toString()).matches("/dev/loop[0-9]+");
        assertThat(loop.backingFile()).isEqualTo(disk.path().toAbsolutePath());
        int mode = (Integer) Files.getAttribute(loop.path(), "unix:mode");
        assertThat(mode & 0170000).as("file type of %s", loop.path()).isEqualTo(0060000); // S_IFBLK
        backingFileEntry = sysfsBackingFile(loop);
        assertThat(Files.readString(backingFileEntry).trim()).isEqualTo(disk.path().toString());
      }
      assertThat(backingFileEntry).as("the kernel's record of the attachment, after close").doesNotExist();
    }
  }

  @Test
  void closeIsIdempotent() throws IOException {
    PrivilegedTests.assumeRoot("attach a loop device");
    try (ScratchDisk disk = ScratchDisk.create(dir, 1 << 20)) {
      LoopDevice loop = LoopDevice.attach(disk.path());
      loop.close();
      loop.close();
      assertThat(sysfsBackingFile(loop)).doesNotExist();
    }
  }

  @Test
  void attachAndCloseLeaveNoDescriptorBehindTheMomentTheyReturn() throws IOException {
    PrivilegedTests.assumeRoot("attach a loop device");
    try (ScratchDisk disk = ScratchDisk.create(dir, 1 << 20)) {
      // losetup's pipes are read on helper threads; the answer must not come before they are closed,
      // or a caller counting descriptors right after sees one too many now and then.
      // Compared as leaks (a descriptor open after that was not before), not as equal maps: the JVM opens and
      // closes files of its own meanwhile (its container support reads the cgroup's memory.stat).
      for (int round = 0; round < 20; round++) {
        ResourceSnapshot before = ResourceSnapshot.take();
        LoopDevice loop = LoopDevice.attach(disk.path());
        assertThat(ResourceSnapshot.take().leaksSince(before))
            .as("after attach, round %d: only the hold on the device", round)
            .singleElement()
            .asString()
            .endsWith(" -> " + loop.path());
        loop.close();
        assertThat(ResourceSnapshot.take().leaksSince(before)).as("after close, round %d", round).isEmpty();
      }
    }
  }

  /** A test JVM killed with SIGKILL runs no close(): the device detaches itself with the dead JVM's hold. */
  @Test
  void aKilledJvmLeavesNoLoopDeviceAttached() throws Exception {
    PrivilegedTests.assumeRoot("attach a loop device");
    try (ScratchDisk disk = ScratchDisk.create(dir, 1 << 20)) {
      String classPath = String.join(File.pathSeparator,
          System.getProperty("java.class.path"), System.getProperty("jdk.module.path", ""));
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  classPath,
                  LoopDeviceHolder.class.getName(),
                  disk.path().toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      try {
        String device =
            new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(device).as("the device the child attached").isNotNull().matches("/dev/loop[0-9]+");
        Path backing = Path.of("/sys/block", Path.of(device).getFileName().toString(), "loop", "backing_file");
        assertThat(Files.readString(backing).trim()).isEqualTo(disk.path().toString());

        child.destroyForcibly(); // SIGKILL
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child's exit").isTrue();

        assertThat(backing).as("the kernel's record of the attachment, after SIGKILL").doesNotExist();
      } finally {
        child.destroyForcibly();
      }
    }
  }

  @Test
  void refusesAMissingFileNamingIt() {
    Path missing = dir.resolve("no-such.img");
    assertThatThrownBy(() -> LoopDevice.attach(missing))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("not a regular file");
  }

  private static Path sysfsBackingFile(LoopDevice loop) {
    return Path.of("/sys/block", loop.path().getFileName().toString(), "loop", "backing_file");
  }
}
