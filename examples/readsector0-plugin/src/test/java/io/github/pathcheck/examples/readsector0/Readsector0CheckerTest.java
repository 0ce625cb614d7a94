package io.github.pathcheck.examples.readsector0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.api.UnloadResult;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import io.github.pathcheck.testkit.LoopDevice;
import io.github.pathcheck.testkit.PrivilegedTests;
import io.github.pathcheck.testkit.ScratchDisk;
import io.github.pathcheck.testkit.TargetTempDirFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What readsector0 answers for real files and devices, beyond the kit's contract. */
class Readsector0CheckerTest {
  @TempDir(factory = TargetTempDirFactory.class)
  Path dir;

  private final CheckerClass checkerClass = new Readsector0CheckerProvider().load(Map.of());

  @AfterEach
  void unload() {
    checkerClass.unload(); // frees the checkers a test left live
  }

  @Test
  void aFileTruncatedBelowOneBlockReadsDownAndUpAgainOnceRestored() throws Exception {
    try (ScratchDisk disk = ScratchDisk.create(dir, 1 << 20);
        LinuxPathDevice device = LinuxPathDevice.open(disk.path())) {
      Checker checker = checkerClass.init(device, CheckerOptions.defaults());
      try {
        assertThat(checker.check()).isEqualTo(CheckResult.UP);

        truncate(disk.path(), 512); // a short read
        assertThat(checker.check()).isEqualTo(CheckResult.DOWN);
        truncate(disk.path(), 0); // end of file
        assertThat(checker.check()).isEqualTo(CheckResult.DOWN);

        truncate(disk.path(), 1 << 20);
        assertThat(checker.check()).isEqualTo(CheckResult.UP);
      } finally {
        checker.free();
      }
    }
  }

  @Test
  void aLoopDeviceReadsUp() throws Exception {
    PrivilegedTests.assumeRoot("attach a loop device for readsector0 to read");
    try (ScratchDisk disk = ScratchDisk.create(dir, 1 << 20);
        LoopDevice loop = LoopDevice.attach(disk.path());
        LinuxPathDevice device = LinuxPathDevice.open(loop.path())) {
      Checker checker = checkerClass.init(device, CheckerOptions.defaults());
      try {
        assertThat(checker.check()).isEqualTo(CheckResult.UP);
      } finally {
        checker.free();
      }
    }
  }

  @Test
  void aPathThatIsGoneReadsDownSayingItCannotBeOpened() throws Exception {
    ScratchDisk disk = ScratchDisk.create(dir, 1 << 20);
    try (LinuxPathDevice device = LinuxPathDevice.open(disk.path())) {
      Checker checker = checkerClass.init(device, CheckerOptions.defaults());
      try {
        disk.close(); // the host still holds it open, but the path is gone
        assertThat(checker.check())
            .isEqualTo(CheckResult.of(PathState.DOWN, " cannot open the device: no such file or device"));
      } finally {
        checker.free();
      }
    }
  }

  @Test
  void aDeviceWithoutADescriptorIsWild() throws Exception {
    Checker checker = checkerClass.init(hostOpened(dir.resolve("sdb"), -1), CheckerOptions.defaults());
    assertThat(checker.check()).isEqualTo(CheckResult.NO_USABLE_FD);
    assertThat(checker.needWait()).isFalse();
  }

  @Test
  void unloadWaitsForAReadInFlight() throws Exception {
    // Opening a FIFO for reading blocks until a writer opens it: a check that hangs, on the real kernel.
    Path fifo = dir.resolve("hung-path");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    Checker checker = checkerClass.init(hostOpened(fifo, 0), CheckerOptions.defaults());
    CompletableFuture<CheckResult> check = new CompletableFuture<>();
    Thread host = new Thread(() -> check.complete(checker.check()), "readsector0-test-host");
    host.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!isProbing(host)) {
      assertThat(System.nanoTime() - deadline).as("the check never started its read").isNegative();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }

    UnloadResult unload = checkerClass.unload();
    assertThat(unload.isComplete()).isFalse();
    assertThat(unload.outstanding()).containsExactly("1 readsector0 check(s) in flight on [" + fifo + "]");
    assertThat(unload.released().toCompletableFuture()).isNotDone();
    assertThatIllegalStateException()
        .isThrownBy(checker::needWait)
        .withMessageContaining(fifo.toString())
        .withMessageContaining("unloaded");

    // A writer (read-write never blocks on a FIFO): the open returns, or fails, since a FIFO takes no O_DIRECT.
    try (FileChannel writer = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      assertThat(check.get(30, TimeUnit.SECONDS).state()).isEqualTo(PathState.DOWN);
    }
    host.join();
    assertThat(checkerClass.unload()).isSameAs(unload);
    unload.released().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThatIllegalStateException().isThrownBy(checker::check);
  }

  @Test
  void callsAfterFreeThrowNamingThePath() throws Exception {
    try (ScratchDisk disk = ScratchDisk.create(dir, 1 << 20);
        LinuxPathDevice device = LinuxPathDevice.open(disk.path())) {
      Checker checker = checkerClass.init(device, CheckerOptions.defaults());
      checker.free();
      checker.free();
      assertThatIllegalStateException()
          .isThrownBy(checker::check)
          .withMessage("the readsector0 checker for " + disk.path() + " was freed; init a new one");
      checkerClass.unload();
      assertThatIllegalStateException()
          .isThrownBy(() -> checkerClass.init(device, CheckerOptions.defaults()))
          .withMessageContaining(disk.path().toString())
          .withMessageContaining("unloaded; acquire the readsector0 checker again");
    }
  }

  @Test
  void optionsItDoesNotKnowAreRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Readsector0CheckerProvider().load(Map.of("blockSize", "512")))
        .withMessageContaining("no class option")
        .withMessageContaining("blockSize");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                checkerClass.init(
                    hostOpened(dir.resolve("sdb"), 0), CheckerOptions.defaults().withProperty("retries", "3")))
        .withMessageContaining(dir.resolve("sdb").toString())
        .withMessageContaining("retries");
    assertThat(checkerClass.isAsyncCapable()).isFalse();
    assertThat(checkerClass.unload().isComplete()).isTrue();
  }

  /** Whether {@code thread} is inside a readsector0 probe, its read of sector 0. */
  private static boolean isProbing(Thread thread) {
    return Arrays.stream(thread.getStackTrace())
        .anyMatch(
            frame ->
                frame.getClassName().equals(Readsector0Checker.class.getName())
                    && frame.getMethodName().equals("probe"));
  }

  private static void truncate(Path file, long size) throws Exception {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      if (size < channel.size()) {
        channel.truncate(size);
      } else {
        channel.write(ByteBuffer.allocate((int) (size - channel.size())), channel.size());
      }
    }
    assertThat(Files.size(file)).isEqualTo(size);
  }

  /**
   * A device the host holds open as {@code fd}; readsector0 only asks whether there is a descriptor, and opens
   * the path.
   */
  private static PathDevice hostOpened(Path path, int fd) {
    return new PathDevice() {
      @Override
      public Path path() {
        return path;
      }

      @Override
      public int fd() {
        return fd;
      }
    };
  }
}
