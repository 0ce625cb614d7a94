package io.github.pathcheck.nativeio.uring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pathcheck.nativeio.Errno;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import io.github.pathcheck.nativeio.nvme.NvmeCommand;
import io.github.pathcheck.nativeio.nvme.NvmeUringCmd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ring on this machine's kernel: what it completes, and what it leaves behind. */
class IoUringTest {
  /** One completion as the handler saw it. */
  private record Completion(long userData, int result, long extra) {}

  @Test
  void aNopCompletesWithItsUserDataAndResultZero() throws Exception {
    try (IoUring ring = IoUring.open(4)) {
      assertThat(ring.submitNop(0x1234_5678_9abcL)).isEqualTo(1);

      assertThat(ring.await(1, Duration.ofSeconds(10).toNanos())).isTrue();
      assertThat(reap(ring)).containsExactly(new Completion(0x1234_5678_9abcL, 0, 0));
      assertThat(reap(ring)).isEmpty();
    }
  }

  @Test
  void anNvmeAdminCommandOnARegularFileCompletesWithEopnotsupp(@TempDir Path dir) throws Exception {
    Path file = Files.write(dir.resolve("disk.img"), new byte[4096]);
    try (IoUring ring = IoUring.open(4);
        LinuxPathDevice device = LinuxPathDevice.open(file)) {
      byte[] cmd = NvmeUringCmd.of(NvmeCommand.anaLogPage(4096), 0x1000, Duration.ofSeconds(1));

      assertThat(ring.submitCommand(device.fd(), NvmeUringCmd.ADMIN, cmd, 7)).isEqualTo(1);

      assertThat(ring.await(1, Duration.ofSeconds(10).toNanos())).isTrue();
      List<Completion> completions = reap(ring);
      assertThat(completions).hasSize(1);
      assertThat(completions.get(0).userData()).isEqualTo(7);
      assertThat(Errno.name(-completions.get(0).result())).isEqualTo("EOPNOTSUPP");
    }
  }

  @Test
  void aCommandOnAClosedDescriptorCompletesWithEbadf() throws Exception {
    try (IoUring ring = IoUring.open(4)) {
      byte[] cmd = NvmeUringCmd.of(NvmeCommand.identifyController(), 0x1000, Duration.ofSeconds(1));

      assertThat(ring.submitCommand(-1, NvmeUringCmd.ADMIN, cmd, 9)).isEqualTo(1);

      ring.await(1, Duration.ofSeconds(10).toNanos());
      assertThat(reap(ring)).containsExactly(new Completion(9, -Errno.EBADF, 0));
    }
  }

  @Test
  void completionsBeyondTheRingsRoomAreKeptByTheKernelAndReaped() throws Exception {
    try (IoUring ring = IoUring.open(2)) {
      int count = ring.completionEntries() * 3;
      for (long n = 0; n < count; n++) {
        assertThat(ring.submitNop(n)).isEqualTo(1);
      }

      List<Completion> completions = reap(ring);

      assertThat(completions).extracting(Completion::userData).containsExactlyElementsOf(
          Stream.iterate(0L, n -> n + 1).limit(count).toList());
    }
  }

  @Test
  void awaitWithNothingInFlightAnswersFalseOnceItsTimePassed() throws Exception {
    try (IoUring ring = IoUring.open(1)) {
      assertThat(ring.await(1, Duration.ofMillis(1).toNanos())).isFalse();
      assertThat(ring.await(0, 0)).isTrue();
    }
  }

  @Test
  void closeReleasesTheDescriptorAndTheMappings() throws Exception {
    IoUring.open(1).close(); // binds the natives first: loading them may open files of its own
    long fdsBefore = openDescriptors();
    long mapsBefore = ringMappings();

    IoUring ring = IoUring.open(64);
    int fd = ring.descriptor();
    assertThat(Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString()).contains("io_uring");
    assertThat(ringMappings()).isGreaterThan(mapsBefore);
    ring.close();
    ring.close();

    assertThat(openDescriptors()).isEqualTo(fdsBefore);
    assertThat(Path.of("/proc/self/fd/" + fd)).satisfiesAnyOf(
        p -> assertThat(Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse(),
        p -> assertThat(Files.readSymbolicLink(p).toString()).doesNotContain("io_uring"));
    assertThat(ringMappings()).isEqualTo(mapsBefore);
    assertThatThrownBy(() -> ring.submitNop(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> ring.reap((u, r, e) -> {})).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ring.await(1, 1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void argumentsOutOfRangeAreRefused() throws Exception {
    assertThatThrownBy(() -> IoUring.open(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 4096");
    try (IoUring ring = IoUring.open(1)) {
      assertThatThrownBy(() -> ring.submitCommand(0, NvmeUringCmd.ADMIN, new byte[IoUring.COMMAND_SPACE + 1], 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at most 80 bytes");
      assertThatThrownBy(() -> ring.await(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static List<Completion> reap(IoUring ring) {
    List<Completion> completions = new ArrayList<>();
    ring.reap((userData, result, extra) -> completions.add(new Completion(userData, result, extra)));
    return completions;
  }

  private static long openDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  /** The process's mappings of io_uring memory, which /proc names after the ring's anonymous inode. */
  private static long ringMappings() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.contains("io_uring")).count();
  }
}
