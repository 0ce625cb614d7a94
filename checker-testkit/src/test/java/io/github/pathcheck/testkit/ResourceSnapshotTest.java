package io.github.pathcheck.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.LongByReference;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceSnapshotTest {
  @TempDir Path dir;

  @Test
  @SuppressWarnings("try") // the channel is held open only to be seen
  void reportsAFileDescriptorOpenedSinceUntilItIsClosed() throws Exception {
    Path file = Files.writeString(dir.resolve("held.txt"), "x");
    ResourceSnapshot before = ResourceSnapshot.take();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      assertThat(ResourceSnapshot.take().leaksSince(before))
          .anySatisfy(leak -> assertThat(leak).startsWith("file descriptor ").endsWith("-> " + file));
    }
    assertThat(ResourceSnapshot.take().leaksSince(before)).isEmpty();
  }

  @Test
  void reportsAThreadStartedSinceWithItsNameAndCodeUntilItEnds() throws Exception {
    ResourceSnapshot before = ResourceSnapshot.take();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    Thread thread =
        new Thread(
            () -> {
              started.countDown();
              awaitQuietly(release);
            },
            "snapshot-test-thread");
    thread.start();
    started.await();
    assertThat(ResourceSnapshot.take().leaksSince(before))
        .singleElement()
        .satisfies(
            leak ->
                assertThat(leak)
                    .startsWith("thread 'snapshot-test-thread'")
                    .contains(ResourceSnapshotTest.class.getName() + ".awaitQuietly"));
    release.countDown();
    thread.join();
    assertThat(ResourceSnapshot.take().leaksSince(before)).isEmpty();
  }

  @Test
  void countsThisProcesssAioContexts() {
    String arch = System.getProperty("os.arch");
    Assumptions.assumeTrue(
        arch.equals("amd64") || arch.equals("aarch64"), "io_setup's number is known here for amd64 and aarch64");
    long ioSetup = arch.equals("amd64") ? 206 : 0;
    long ioDestroy = arch.equals("amd64") ? 207 : 1;
    Syscalls libc = Native.load("c", Syscalls.class);
    ResourceSnapshot before = ResourceSnapshot.take();
    LongByReference context = new LongByReference(0);
    assertThat(libc.syscall(ioSetup, 8, context)).as("io_setup").isZero();
    try {
      ResourceSnapshot during = ResourceSnapshot.take();
      assertThat(during.aioContexts()).isEqualTo(before.aioContexts() + 1);
      assertThat(during.leaksSince(before))
          .singleElement()
          .satisfies(leak -> assertThat(leak).startsWith("1 aio context(s) not destroyed"));
    } finally {
      assertThat(libc.syscall(ioDestroy, context.getValue())).as("io_destroy").isZero();
    }
    assertThat(ResourceSnapshot.take().leaksSince(before)).isEmpty();
  }

  /** The raw system call, for aio contexts (checker-native has no aio binding yet). */
  public interface Syscalls extends Library {
    long syscall(long number, Object... args);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
