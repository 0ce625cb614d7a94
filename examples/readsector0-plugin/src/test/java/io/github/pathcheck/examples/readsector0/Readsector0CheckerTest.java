package io.github.pathcheck.examples.readsector0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.UnloadResult;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import io.github.pathcheck.nativeio.LoopDevice;
import io.github.pathcheck.nativeio.SgIoResult;
import io.github.pathcheck.testkit.PrivilegedTests;
import io.github.pathcheck.testkit.ScratchDisk;
import io.github.pathcheck.testkit.TargetTempDirFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What readsector0 answers for real files and devices and for a scripted SG_IO, beyond the kit's contract. */
class Readsector0CheckerTest {
  @TempDir(factory = TargetTempDirFactory.class)
  Path dir;

  private final CheckerClass checkerClass = new Readsector0CheckerProvider().load(Map.of());

  @AfterEach
  void unload() {
    checkerClass.unload(); // frees the checkers a test left live
  }

  @Test
  void aFileTakesNoScsiCommandsAndReadsDownAsInMultipath() throws Exception {
    try (ScratchDisk disk = ScratchDisk.create(dir, 1 << 20);
        LinuxPathDevice device = LinuxPathDevice.open(disk.path())) {
      Checker checker = checkerClass.init(device, CheckerOptions.defaults());
      try {
        assertThat(checker.check()).isEqualTo(CheckResult.DOWN);
      } finally {
        checker.free();
      }
    }
  }

  @Test
  void aLoopDeviceTakesNoScsiCommandsEitherAndReadsDown() throws Exception {
    PrivilegedTests.assumeRoot("attach a loop device for readsector0 to read");
    try (ScratchDisk disk = ScratchDisk.create(dir, 1 << 20);
        LoopDevice loop = LoopDevice.attach(disk.path());
        LinuxPathDevice device = LinuxPathDevice.open(loop.path())) {
      Checker checker = checkerClass.init(device, CheckerOptions.defaults());
      try {
        assertThat(checker.check()).isEqualTo(CheckResult.DOWN);
      } finally {
        checker.free();
      }
    }
  }

  @Test
  void readsThroughTheHostsDescriptorWithTheCheckerTimeout() throws Exception {
    FakeSgRead read = new FakeSgRead(Readsector0DecoderTest.fixedSense(0x6, 0x29, 0x00));
    CheckerClass scripted = new Readsector0CheckerClass(Map.of(), read, System::nanoTime);
    PathDevice device = hostOpened(dir.resolve("sdb"), 7);
    Checker checker = scripted.init(device, CheckerOptions.defaults().withTimeout(Duration.ofSeconds(9)));

    assertThat(checker.check()).as("UNIT ATTENTION on all 3 attempts").isEqualTo(CheckResult.DOWN);
    assertThat(read.calls()).isEqualTo(3);
    assertThat(read.devices()).containsOnly(device);
    assertThat(read.timeouts()).containsOnly(Duration.ofSeconds(9));

    read.answer(SgIoResult.ioctlFailed(4), SgIoResult.ioctlFailed(4), Readsector0DecoderTest.fixedSense(0x6, 0x29, 0),
        SgIoResult.completed(0, 0, 0, 0, new byte[0], new byte[4096], 1));
    assertThat(checker.check()).as("EINTR twice, UNIT ATTENTION, then read").isEqualTo(CheckResult.UP);
    assertThat(read.calls()).isEqualTo(7);
    checker.free();
    scripted.unload();
  }

  @Test
  void noAttemptStartsOnceTheTimeoutHasPassed() throws Exception {
    FakeSgRead read = new FakeSgRead(Readsector0DecoderTest.fixedSense(0x6, 0x29, 0x00));
    long[] now = {0};
    read.onCall(() -> now[0] += Duration.ofSeconds(2).toNanos());
    CheckerClass scripted = new Readsector0CheckerClass(Map.of(), read, () -> now[0]);
    Checker checker =
        scripted.init(hostOpened(dir.resolve("sdb"), 7), CheckerOptions.defaults().withTimeout(Duration.ofSeconds(1)));

    assertThat(checker.check()).isEqualTo(CheckResult.DOWN);
    assertThat(read.calls()).isEqualTo(1);
    checker.free();
    scripted.unload();
  }

  @Test
  void aDeviceWithoutADescriptorIsWild() throws Exception {
    Checker checker = checkerClass.init(hostOpened(dir.resolve("sdb"), -1), CheckerOptions.defaults());
    assertThat(checker.check()).isEqualTo(CheckResult.NO_USABLE_FD);
    assertThat(checker.needWait()).isFalse();
  }

  @Test
  void unloadWaitsForAReadInFlight() throws Exception {
    FakeSgRead read = new FakeSgRead(SgIoResult.completed(0, 0, 0, 0, new byte[0], new byte[4096], 1));
    CountDownLatch inRead = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    read.onCall(() -> {
      inRead.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    CheckerClass scripted = new Readsector0CheckerClass(Map.of(), read, System::nanoTime);
    Path hung = dir.resolve("hung-path");
    Checker checker = scripted.init(hostOpened(hung, 7), CheckerOptions.defaults());
    CompletableFuture<CheckResult> check = new CompletableFuture<>();
    Thread host = new Thread(() -> check.complete(checker.check()), "readsector0-test-host");
    host.start();
    assertThat(inRead.await(30, TimeUnit.SECONDS)).as("the check started its read").isTrue();

    UnloadResult unload = scripted.unload();
    assertThat(unload.isComplete()).isFalse();
    assertThat(unload.outstanding()).containsExactly("1 readsector0 check(s) in flight on [" + hung + "]");
    assertThat(unload.released().toCompletableFuture()).isNotDone();
    assertThatIllegalStateException()
        .isThrownBy(checker::needWait)
        .withMessageContaining(hung.toString())
        .withMessageContaining("unloaded");

    release.countDown();
    assertThat(check.get(30, TimeUnit.SECONDS)).isEqualTo(CheckResult.UP);
    host.join();
    assertThat(scripted.unload()).isSameAs(unload);
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

  /** A device the host holds open as {@code fd}, for a scripted read. */
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
