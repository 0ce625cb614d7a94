package io.github.pathcheck.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Memory;
import io.github.pathcheck.fixtures.CProgram;
import io.github.pathcheck.fixtures.Privileges;
import io.github.pathcheck.fixtures.TargetTempDirFactory;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loop devices attached through the loop driver's ioctls, on the real kernel. */
class LoopDeviceTest {
  private static final long DETACH_DEADLINE_NANOS = 10_000_000_000L;
  private static final Path CONTROL = Path.of("/dev/loop-control");

  @TempDir(factory = TargetTempDirFactory.class)
  Path dir;

  private Path file;
  private byte[] content;

  @BeforeEach
  void writeFile() throws IOException {
    content = new byte[64 * 1024];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 7 + 3);
    }
    file = Files.write(dir.resolve("disk.img"), content);
  }

  @AfterEach
  void nothingLeftOnTheFile() throws IOException {
    assertThat(OpenFds.referringTo(dir)).as("descriptors of this process on the test's files").isEmpty();
  }

  @Test
  void attachesOverTheFileSetToDetachItselfAndDetachesOnClose() throws Exception {
    Privileges.assumeRoot("attach loop devices");
    Path sysfs;
    try (LoopDevice loop = LoopDevice.attach(file)) {
      sysfs = Path.of("/sys/block", loop.path().getFileName().toString(), "loop");
      assertThat(loop.backingFile()).isEqualTo(file.toAbsolutePath());
      assertThat(Files.readString(sysfs.resolve("backing_file")).trim()).isEqualTo(file.toAbsolutePath().toString());
      assertThat(Files.readString(sysfs.resolve("autoclear")).trim()).isEqualTo("1");
      assertThat(readFirstBlock(loop.path())).isEqualTo(Arrays.copyOf(content, 4096));
      loop.close();
      loop.close(); // idempotent
    }
    awaitDetached(sysfs);
  }

  @Test
  void theCallsBeforeLinux58AlsoSetAutoclear() throws Exception {
    Privileges.assumeRoot("attach loop devices");
    int control = Errno.check(FileNative.open("/dev/loop-control", OpenFlags.O_RDWR, 0), "open", null);
    int backing = Errno.check(FileNative.open(file.toString(), OpenFlags.O_RDWR, 0), "open", file);
    int loop = -1;
    Path sysfs = null;
    try {
      int number = IoctlNative.ioctl(control, LoopConfig.LOOP_CTL_GET_FREE, 0L);
      assertThat(number).as("LOOP_CTL_GET_FREE").isNotNegative();
      Path device = Path.of("/dev/loop" + number);
      sysfs = Path.of("/sys/block/loop" + number, "loop");
      loop = Errno.check(FileNative.open(device.toString(), OpenFlags.O_RDWR, 0), "open", device);
      try (Memory info = new Memory(LoopConfig.INFO_SIZE)) {
        info.clear();
        LoopConfig.writeInfo(info, 0, file, false);
        LoopDevice.configureTheOldWay(loop, backing, info, device);
      }
      assertThat(Files.readString(sysfs.resolve("autoclear")).trim()).isEqualTo("1");
      assertThat(Files.readString(sysfs.resolve("backing_file")).trim()).isEqualTo(file.toString());
    } finally {
      FileNative.close(backing);
      FileNative.close(control);
      if (loop >= 0) {
        FileNative.close(loop);
      }
    }
    awaitDetached(sysfs);
  }

  @Test
  void attachAndCloseLeaveNoDescriptorBehindTheMomentTheyReturn() throws Exception {
    Privileges.assumeRoot("attach loop devices");
    for (int round = 0; round < 20; round++) {
      LoopDevice loop = LoopDevice.attach(file);
      assertThat(OpenFds.referringTo(loop.path())).as("after attach, round %d: the hold on the device", round)
          .hasSize(1);
      assertThat(OpenFds.referringTo(dir)).as("after attach, round %d: the file", round).isEmpty();
      assertThat(OpenFds.referringTo(CONTROL)).as("after attach, round %d: the control node", round).isEmpty();
      Path sysfs = Path.of("/sys/block", loop.path().getFileName().toString(), "loop");
      loop.close();
      assertThat(OpenFds.referringTo(loop.path())).as("after close, round %d", round).isEmpty();
      awaitDetached(sysfs);
    }
  }

  /** A process killed with SIGKILL runs no close(): the device detaches itself with the dead process's hold. */
  @Test
  void aKilledProcessLeavesNoLoopDeviceAttached() throws Exception {
    Privileges.assumeRoot("attach loop devices");
    String classPath =
        String.join(File.pathSeparator, System.getProperty("java.class.path"), System.getProperty("jdk.module.path", ""));
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                LoopDeviceHolder.class.getName(),
                file.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      String device =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)).readLine();
      assertThat(device).as("the device the child attached").isNotNull().matches("/dev/loop[0-9]+");
      Path sysfs = Path.of("/sys/block", Path.of(device).getFileName().toString(), "loop");
      assertThat(Files.readString(sysfs.resolve("backing_file")).trim()).isEqualTo(file.toString());

      child.destroyForcibly(); // SIGKILL
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child's exit").isTrue();
      awaitDetached(sysfs);
    } finally {
      child.destroyForcibly();
    }
  }

  @Test
  void aFailedAttachClosesEveryDescriptorItOpened() throws Exception {
    Privileges.assumeRoot("attach loop devices");
    assertThatThrownBy(() -> LoopDevice.attach(file, -1, false)) // no backing descriptor: LOOP_CONFIGURE fails
        .isInstanceOf(NativeException.class)
        .satisfies(e -> assertThat(((NativeException) e).errno()).isEqualTo(Errno.EBADF))
        .hasMessageContaining("/dev/loop");
    assertThat(OpenFds.referringTo(Path.of("/dev"))).as("loop devices and the control node")
        .noneMatch(fd -> fd.contains("/dev/loop"));
  }

  @Test
  void attachesReadOnlyWhenAsked() throws Exception {
    Privileges.assumeRoot("attach loop devices");
    int backing = Errno.checkReturned(
        Libc.calls().open(file.toString(), OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0), "open", file);
    Path sysfs;
    try (LoopDevice loop = LoopDevice.attach(file.toAbsolutePath(), backing, true)) {
      sysfs = Path.of("/sys/block", loop.path().getFileName().toString());
      assertThat(Files.readString(sysfs.resolve("ro")).trim()).isEqualTo("1");
    } finally {
      Libc.calls().close(backing);
    }
    awaitDetached(sysfs.resolve("loop"));
  }

  @Test
  void refusesAMissingFileNamingIt() {
    Path missing = dir.resolve("no-such.img");
    assertThatThrownBy(() -> LoopDevice.attach(missing))
        .isInstanceOf(NativeException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("No such file");
  }

  @Test
  void refusesWhatIsNotARegularFileNamingIt() {
    assertThatThrownBy(() -> LoopDevice.attach(dir))
        .isInstanceOf(NativeException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("not a regular file");
  }

  @Test
  void layoutMatchesTheKernelHeader(@TempDir Path build) throws Exception {
    String body =
        String.join(
            "\n",
            "printf(\"config %zu\\n\", sizeof(struct loop_config));",
            "printf(\"fd %zu\\n\", offsetof(struct loop_config, fd));",
            "printf(\"info %zu\\n\", offsetof(struct loop_config, info));",
            "printf(\"info_size %zu\\n\", sizeof(struct loop_info64));",
            "printf(\"lo_flags %zu\\n\", offsetof(struct loop_info64, lo_flags));",
            "printf(\"lo_file_name %zu\\n\", offsetof(struct loop_info64, lo_file_name));",
            "printf(\"LO_NAME_SIZE %zu\\n\", (size_t) LO_NAME_SIZE);",
            "printf(\"LO_FLAGS_READ_ONLY %zu\\n\", (size_t) LO_FLAGS_READ_ONLY);",
            "printf(\"LO_FLAGS_AUTOCLEAR %zu\\n\", (size_t) LO_FLAGS_AUTOCLEAR);",
            "printf(\"LOOP_SET_FD %zu\\n\", (size_t) LOOP_SET_FD);",
            "printf(\"LOOP_CLR_FD %zu\\n\", (size_t) LOOP_CLR_FD);",
            "printf(\"LOOP_SET_STATUS64 %zu\\n\", (size_t) LOOP_SET_STATUS64);",
            "printf(\"LOOP_CONFIGURE %zu\\n\", (size_t) LOOP_CONFIGURE);",
            "printf(\"LOOP_CTL_GET_FREE %zu\\n\", (size_t) LOOP_CTL_GET_FREE);");
    Map<String, Long> c = CProgram.print(build, "#include <linux/loop.h>", body);

    assertThat(c)
        .containsEntry("config", (long) LoopConfig.SIZE)
        .containsEntry("fd", (long) LoopConfig.FD)
        .containsEntry("info", (long) LoopConfig.INFO)
        .containsEntry("info_size", (long) LoopConfig.INFO_SIZE)
        .containsEntry("lo_flags", (long) LoopConfig.INFO_FLAGS)
        .containsEntry("lo_file_name", (long) LoopConfig.INFO_FILE_NAME)
        .containsEntry("LO_NAME_SIZE", (long) LoopConfig.NAME_SIZE)
        .containsEntry("LO_FLAGS_READ_ONLY", (long) LoopConfig.LO_FLAGS_READ_ONLY)
        .containsEntry("LO_FLAGS_AUTOCLEAR", (long) LoopConfig.LO_FLAGS_AUTOCLEAR)
        .containsEntry("LOOP_SET_FD", LoopConfig.LOOP_SET_FD)
        .containsEntry("LOOP_CLR_FD", LoopConfig.LOOP_CLR_FD)
        .containsEntry("LOOP_SET_STATUS64", LoopConfig.LOOP_SET_STATUS64)
        .containsEntry("LOOP_CONFIGURE", LoopConfig.LOOP_CONFIGURE)
        .containsEntry("LOOP_CTL_GET_FREE", LoopConfig.LOOP_CTL_GET_FREE);
  }

  private static byte[] readFirstBlock(Path device) throws IOException {
    try (FileChannel channel = FileChannel.open(device, StandardOpenOption.READ)) {
      ByteBuffer block = ByteBuffer.allocate(4096);
      while (block.hasRemaining() && channel.read(block) >= 0) {
        // read the whole block
      }
      return block.array();
    }
  }

  /** Waits until the device has no backing file: the kernel detaches an autoclear device after its last close. */
  private static void awaitDetached(Path sysfs) throws InterruptedException {
    long deadline = System.nanoTime() + DETACH_DEADLINE_NANOS;
    while (Files.exists(sysfs.resolve("backing_file"))) {
      assertThat(System.nanoTime() - deadline).as(sysfs + " still has a backing file").isNegative();
      Thread.sleep(10);
    }
  }
}
