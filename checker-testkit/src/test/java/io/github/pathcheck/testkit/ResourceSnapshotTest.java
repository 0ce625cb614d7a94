package io.github.pathcheck.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.nativeio.AnonymousMemory;
import io.github.pathcheck.nativeio.aio.LinuxAio;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceSnapshotTest {
  @TempDir Path dir;

  /** A file named like libffi's trampolines is counted too while it is still linked. */
  @ParameterizedTest
  @ValueSource(strings = {"held.txt", "ffiR4yA8b"})
  @SuppressWarnings("try") // the channel is held open only to be seen
  void reportsAFileDescriptorOpenedSinceUntilItIsClosed(String name) throws Exception {
    Path file = Files.writeString(dir.resolve(name), "x");
    ResourceSnapshot before = ResourceSnapshot.take();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      assertThat(ResourceSnapshot.take().leaksSince(before))
          .anySatisfy(leak -> assertThat(leak).startsWith("file descriptor ").endsWith("-> " + file));
    }
    assertThat(ResourceSnapshot.take().leaksSince(before)).isEmpty();
  }

  @Test
  @SuppressWarnings("try") // the channel is held open only to be seen
  void doesNotCountTheControlGroupFilesTheJvmReadsOnItsOwn() throws Exception {
    Path cgroupFile;
    try (var files = Files.walk(Path.of("/sys/fs/cgroup"), 2)) {
      cgroupFile = files.filter(Files::isRegularFile).filter(Files::isReadable).findFirst().orElse(null);
    }
    Assumptions.assumeTrue(cgroupFile != null, "needs a readable file under /sys/fs/cgroup");
    ResourceSnapshot before = ResourceSnapshot.take();
    try (FileChannel channel = FileChannel.open(cgroupFile, StandardOpenOption.READ)) {
      assertThat(ResourceSnapshot.take().leaksSince(before)).isEmpty();
    }
  }

  @Test
  @SuppressWarnings("try") // the channels are held open only to be seen
  void doesNotCountTheFileLibffiKeepsItsTrampolinesInButAnyOtherUnlinkedFile() throws Exception {
    Path trampolines = Files.writeString(dir.resolve("ffiQ3xZ7a"), "x");
    Path other = Files.writeString(dir.resolve("scratch.img"), "x");
    ResourceSnapshot before = ResourceSnapshot.take();
    try (FileChannel libffis = FileChannel.open(trampolines, StandardOpenOption.READ);
        FileChannel checkers = FileChannel.open(other, StandardOpenOption.READ)) {
      Files.delete(trampolines);
      Files.delete(other);
      assertThat(ResourceSnapshot.take().leaksSince(before))
          .singleElement()
          .asString()
          .endsWith("-> " + other + " (deleted)");
    }
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
  void countsThisProcesssAioContexts() throws Exception {
    try (AnonymousMemory context = AnonymousMemory.map(Long.BYTES)) {
      ResourceSnapshot before = ResourceSnapshot.take();
      assertThat(LinuxAio.ioSetup(8, context.address())).as("io_setup").isZero();
      try {
        ResourceSnapshot during = ResourceSnapshot.take();
        assertThat(during.aioContexts()).isEqualTo(before.aioContexts() + 1);
        assertThat(during.leaksSince(before))
            .singleElement()
            .satisfies(leak -> assertThat(leak).startsWith("1 aio context(s) not destroyed"));
      } finally {
        assertThat(LinuxAio.ioDestroy(context.getLong(0))).as("io_destroy").isZero();
      }
      assertThat(ResourceSnapshot.take().leaksSince(before)).isEmpty();
    }
  }

  @Test
  void withAMarginWaitsForAThreadThatEndsOnItsOwn() throws Exception {
    ResourceSnapshot before = ResourceSnapshot.take();
    CountDownLatch never = new CountDownLatch(1);
    // Ends a moment after it started, on its own, as a release thread does after signalling its release.
    Thread thread = new Thread(() -> awaitQuietly(never, Duration.ofMillis(100)), "snapshot-ending-thread");
    thread.start();
    try {
      assertThat(ResourceSnapshot.leaksSince(before, Duration.ofMinutes(1))).isEmpty();
    } finally {
      thread.join();
    }
  }

  @Test
  void withAMarginStillReportsWhatIsLeftAfterIt() throws Exception {
    ResourceSnapshot before = ResourceSnapshot.take();
    CountDownLatch release = new CountDownLatch(1);
    Thread thread = new Thread(() -> awaitQuietly(release), "snapshot-leaked-thread");
    thread.start();
    try {
      assertThat(ResourceSnapshot.leaksSince(before, Duration.ofMillis(50)))
          .singleElement()
          .asString()
          .startsWith("thread 'snapshot-leaked-thread'");
    } finally {
      release.countDown();
      thread.join();
    }
    assertThat(ResourceSnapshot.leaksSince(before, Duration.ZERO)).isEmpty();
  }

  private static void awaitQuietly(CountDownLatch latch, Duration timeout) {
    try {
      latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
