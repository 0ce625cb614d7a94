package io.github.pathcheck.nvme;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.UnloadResult;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import io.github.pathcheck.nativeio.nvme.NvmeCommand;
import io.github.pathcheck.nativeio.nvme.NvmeCompletion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class's ring on this machine's kernel, which has io_uring but no NVMe controller: files stand for one. */
class AdminRingKernelTest {
  @Test
  void anAdminCommandOnAFileCompletesWithEopnotsuppAndClosingReleasesTheRing(@TempDir Path dir) throws Exception {
    KernelRing.open().close(); // binds the natives first: loading them may open files of its own
    Path file = Files.write(dir.resolve("disk.img"), new byte[4096]);
    try (LinuxPathDevice device = LinuxPathDevice.open(file)) {
      long fdsBefore = openDescriptors();
      long ringMapsBefore = ringMappings();
      AdminRing ring = new AdminRing(KernelRing.open(), System::nanoTime);

      AdminCommand command = ring.submit(device.fd(), NvmeCommand.anaLogPage(4096), Duration.ofSeconds(1));
      ring.awaitAnswers(System.nanoTime() + Duration.ofSeconds(10).toNanos());
      NvmeCompletion completion = ring.poll(command);

      assertThat(completion).isEqualTo(NvmeCompletion.ioctlFailed(95));
      assertThat(command.buffer().isClosed()).isTrue();
      assertThat(ring.inFlight()).isZero();
      UnloadResult closed = ring.closeWhenIdle(r -> {
        throw new AssertionError("no thread is needed with nothing in flight");
      });
      assertThat(closed.isComplete()).isTrue();
      assertThat(openDescriptors()).isEqualTo(fdsBefore);
      assertThat(ringMappings()).isEqualTo(ringMapsBefore);
    }
  }

  @Test
  void anAsynchronousCheckGoesThroughTheKernelsRingAndUnloadReleasesIt(@TempDir Path dir) throws Exception {
    KernelRing.open().close();
    FakeSysfs sys = new FakeSysfs(dir.resolve("sys"));
    Path nvme1 = sys.controller("nvme1", 241, 1, "live");
    sys.path(nvme1, "nvme0c1n1", 1, "optimized", 4096);
    Path file = Files.write(dir.resolve("disk.img"), new byte[4096]);
    try (LinuxPathDevice device = LinuxPathDevice.open(file)) {
      long fdsBefore = openDescriptors();
      long ringMapsBefore = ringMappings();
      // The file stands for a controller node: the kernel's ring then gets an admin command for a file.
      AnaCheckerClass cls =
          new AnaCheckerClass(
              Map.of(),
              KernelNvmeTransport.INSTANCE,
              sys.sysfs(),
              d -> Optional.of(new DeviceNumber(241, 1)),
              System::nanoTime,
              KernelRing::open,
              r -> {
                throw new AssertionError("no thread is needed with nothing in flight");
              });
      Checker checker =
          cls.init(device, CheckerOptions.defaults().withTimeout(Duration.ofSeconds(5)));

      CheckResult answer = checker.check();
      if (answer.equals(AnaAnswers.WAITING)) {
        cls.awaitAnswers(Duration.ofSeconds(10));
        answer = checker.pending();
      }

      assertThat(answer).isEqualTo(AnaAnswers.RING_UNSUPPORTED);
      assertThat(cls.openRing().inFlight()).isZero();
      assertThat(cls.unload().isComplete()).isTrue();
      assertThat(openDescriptors()).isEqualTo(fdsBefore);
      assertThat(ringMappings()).isEqualTo(ringMapsBefore);
    }
  }

  private static long openDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  private static long ringMappings() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.contains("io_uring")).count();
  }
}
