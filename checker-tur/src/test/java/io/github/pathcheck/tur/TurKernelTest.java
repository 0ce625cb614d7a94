package io.github.pathcheck.tur;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.api.UnloadResult;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import io.github.pathcheck.nativeio.LoopDevice;
import io.github.pathcheck.testkit.PrivilegedTests;
import io.github.pathcheck.testkit.TargetTempDirFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * tur against the real kernel: a regular file and a loop device have no SG_IO, so both answer wild with "
 * doesn't support this device", whichever mode is asked (tur checks synchronously in both), and leave no
 * descriptor behind.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TurKernelTest {
  private static final CheckerOptions SYNC =
      CheckerOptions.defaults().withTimeout(Duration.ofSeconds(5)).withMode(CheckMode.SYNC);
  private static final CheckResult UNSUPPORTED =
      CheckResult.of(PathState.WILD, " doesn't support this device");

  @TempDir(factory = TargetTempDirFactory.class)
  Path dir;

  private final CheckerClass turClass = new TurCheckerProvider().load(Map.of());

  @AfterEach
  void nothingLeftBehind() throws Exception {
    UnloadResult result = turClass.unload();
    assertThat(result.isComplete()).as("%s", result).isTrue();
    assertThat(descriptorsUnder(dir)).isEmpty();
  }

  @Test
  void regularFileIsWildInBothModes() throws Exception {
    Path file = Files.write(dir.resolve("disk.img"), new byte[64 * 1024]);
    try (LinuxPathDevice device = LinuxPathDevice.open(file)) {
      checkBothModes(device);
    }
  }

  @Test
  void loopDeviceIsWildInBothModes() throws Exception {
    PrivilegedTests.assumeRoot("attach a loop device");
    Path backing = Files.write(dir.resolve("backing.img"), new byte[1024 * 1024]);
    try (LoopDevice loop = LoopDevice.attach(backing)) {
      List<Path> held = descriptorsUnder(loop.path()); // the kit's own hold, which makes the device autoclear
      try (LinuxPathDevice device = LinuxPathDevice.open(loop.path())) {
        checkBothModes(device);
      }
      assertThat(descriptorsUnder(loop.path())).as("descriptors of the loop device left by tur").isEqualTo(held);
    }
  }

  private void checkBothModes(LinuxPathDevice device) throws Exception {
    for (CheckMode mode : CheckMode.values()) {
      Checker checker = turClass.init(device, SYNC.withMode(mode));
      assertThat(checker.check()).as("%s", mode).isEqualTo(UNSUPPORTED);
      assertThat(checker.check()).as("%s, a second round", mode).isEqualTo(UNSUPPORTED);
      assertThat(checker.needWait()).isFalse();
      checker.free();
    }
  }

  /** Returns this process's descriptors open on {@code dir} or files under it. */
  private static List<Path> descriptorsUnder(Path dir) throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.map(
              fd -> {
                try {
                  return Files.readSymbolicLink(fd);
                } catch (IOException e) {
                  return Path.of("/closed");
                }
              })
          .filter(target -> target.startsWith(dir))
          .toList();
    }
  }
}
