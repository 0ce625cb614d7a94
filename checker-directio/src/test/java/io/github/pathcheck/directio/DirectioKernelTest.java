package io.github.pathcheck.directio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.api.UnloadResult;
import io.github.pathcheck.nativeio.AioUsage;
import io.github.pathcheck.nativeio.BlockDevices;
import io.github.pathcheck.nativeio.FileStatusFlags;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import io.github.pathcheck.nativeio.LoopDevice;
import io.github.pathcheck.nativeio.OpenFlags;
import io.github.pathcheck.testkit.PrivilegedTests;
import io.github.pathcheck.testkit.ResourceSnapshot;
import io.github.pathcheck.testkit.TargetTempDirFactory;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * directio against the real kernel: O_DIRECT files on the project's disk and, as root, a loop device. Every
 * test ends with the class unloaded and proves the releases: this process's aio rings and {@code fs.aio-nr}
 * back where they started, no descriptor left, no destroy thread left.
 */
class DirectioKernelTest {
  private static final CheckerOptions SYNC =
      CheckerOptions.defaults().withMode(CheckMode.SYNC).withTimeout(Duration.ofSeconds(30));
  private static final CheckerOptions ASYNC =
      CheckerOptions.defaults().withMode(CheckMode.ASYNC).withTimeout(Duration.ofSeconds(30));

  @TempDir(factory = TargetTempDirFactory.class)
  Path dir;

  private long aioNrBefore;
  private long aioRingsBefore;
  private ResourceSnapshot before;
  private final List<LinuxPathDevice> devices = new ArrayList<>();

  @BeforeEach
  void recordStart() {
    aioNrBefore = AioUsage.aioNr();
    aioRingsBefore = AioUsage.contextsOfThisProcess();
    before = ResourceSnapshot.take();
  }

  @AfterEach
  void everythingReleased() throws Exception {
    for (LinuxPathDevice device : devices) {
      device.close();
    }
    // Descriptors, threads (io_destroy's end a moment after their release) and aio contexts.
    assertThat(ResourceSnapshot.leaksSince(before, Procfs.LEAK_MARGIN)).as("left behind").isEmpty();
    assertThat(AioUsage.contextsOfThisProcess()).as("aio rings of this process").isEqualTo(aioRingsBefore);
    assertThat(AioUsage.aioNr()).as("fs.aio-nr").isEqualTo(aioNrBefore);
  }

  private LinuxPathDevice open(Path path) throws Exception {
    LinuxPathDevice device = LinuxPathDevice.open(path);
    devices.add(device);
    return device;
  }

  private Path file(String name, int size) throws Exception {
    byte[] content = new byte[size];
    for (int i = 0; i < size; i++) {
      content[i] = (byte) i;
    }
    return Files.write(dir.resolve(name), content);
  }

  private static DirectioCheckerClass load(Map<String, String> options) {
    return (DirectioCheckerClass) new DirectioCheckerProvider().load(options);
  }

  /** Polls without sleeping until the answer is final; the kernel completes a read of a file at once. */
  private static CheckResult awaitFinal(Checker checker) {
    CheckResult result = checker.pending();
    while (result.isPending()) {
      Thread.onSpinWait();
      result = checker.pending();
    }
    return result;
  }

  @BeforeAll
  static void warmUp() throws Exception {
    NativeWarmUp.ensure();
  }

  @Test
  void isDeclaredAsAServiceOnTheModulePathAndTheClassPath() throws Exception {
    ModuleDescriptor descriptor = DirectioCheckerProvider.class.getModule().getDescriptor();
    assertThat(descriptor.provides())
        .anySatisfy(
            provides -> {
              assertThat(provides.service()).isEqualTo(CheckerProvider.class.getName());
              assertThat(provides.providers()).containsExactly(DirectioCheckerProvider.class.getName());
            });
    try (InputStream services =
        DirectioCheckerProvider.class
            .getModule()
            .getResourceAsStream("META-INF/services/" + CheckerProvider.class.getName())) {
      assertThat(new String(services.readAllBytes(), StandardCharsets.UTF_8).trim())
          .isEqualTo(DirectioCheckerProvider.class.getName());
    }
  }

  @Test
  void fileIsUpSyncAndAsyncAndFlagsAreRestoredAfterFree() throws Exception {
    LinuxPathDevice device = open(file("disk.img", 8192));
    int flagsBefore = Procfs.fdFlags(device.fd());
    assertThat(flagsBefore & OpenFlags.O_DIRECT).isZero();
    DirectioCheckerClass directio = load(Map.of());
    Checker sync = directio.init(device, SYNC);
    assertThat(Procfs.fdFlags(device.fd()) & OpenFlags.O_DIRECT).isEqualTo(OpenFlags.O_DIRECT);
    CheckResult up = sync.check();
    assertThat(up.state()).isEqualTo(PathState.UP);
    assertThat(up.message()).isEqualTo(" reports path is up");
    assertThat(((DirectioChecker) sync).blockSize()).as("no BLKBSZGET on a file: 4096").isEqualTo(4096);
    sync.free();
    assertThat(Procfs.fdFlags(device.fd())).isEqualTo(flagsBefore);

    Checker async = directio.init(device, ASYNC);
    CheckResult pending = async.check();
    assertThat(pending.state()).isEqualTo(PathState.PENDING);
    assertThat(pending.message()).isEqualTo(" is waiting on aio");
    assertThat(awaitFinal(async)).isEqualTo(CheckResult.UP);
    assertThat(async.needWait()).isFalse();
    async.free();
    assertThat(Procfs.fdFlags(device.fd())).isEqualTo(flagsBefore);

    DirectioSnapshot snapshot = directio.snapshot();
    assertThat(snapshot.ioSetupCalls()).isEqualTo(1);
    assertThat(snapshot.groups()).singleElement().satisfies(g -> assertThat(g.holders()).isZero());
    assertThat(directio.unload().isComplete()).isTrue();
    assertThat(directio.snapshot().ioDestroyCalls()).isEqualTo(1);
  }

  @Test
  void descriptorThatHadODirectKeepsIt() throws Exception {
    LinuxPathDevice device = open(file("disk.img", 4096));
    FileStatusFlags.set(device, FileStatusFlags.get(device) | OpenFlags.O_DIRECT);
    int flagsBefore = Procfs.fdFlags(device.fd());
    DirectioCheckerClass directio = load(Map.of());
    Checker checker = directio.init(device, SYNC);
    assertThat(checker.check().state()).isEqualTo(PathState.UP);
    checker.free();
    assertThat(Procfs.fdFlags(device.fd())).isEqualTo(flagsBefore);
    directio.unload();
  }

  @Test
  void unloadRestoresTheFlagsOfLiveCheckers() throws Exception {
    LinuxPathDevice device = open(file("disk.img", 4096));
    int flagsBefore = Procfs.fdFlags(device.fd());
    DirectioCheckerClass directio = load(Map.of());
    Checker checker = directio.init(device, ASYNC);
    assertThat(checker.check().state()).isEqualTo(PathState.PENDING);
    UnloadResult result = directio.unload();
    assertThat(result.isComplete()).isTrue();
    assertThat(Procfs.fdFlags(device.fd())).isEqualTo(flagsBefore);
    assertThatThrownBy(checker::check).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> directio.init(device, SYNC)).isInstanceOf(IllegalStateException.class);
    assertThat(directio.unload()).isSameAs(result);
  }

  @Test
  void truncatedFileIsDown() throws Exception {
    LinuxPathDevice device = open(file("empty.img", 0));
    DirectioCheckerClass directio = load(Map.of());
    Checker sync = directio.init(device, SYNC);
    CheckResult down = sync.check();
    assertThat(down.state()).isEqualTo(PathState.DOWN);
    assertThat(down.message()).isEqualTo(" reports path is down");
    Checker async = directio.init(device, ASYNC);
    assertThat(async.check().state()).isEqualTo(PathState.PENDING);
    assertThat(awaitFinal(async)).isEqualTo(CheckResult.DOWN);
    sync.free();
    async.free();
    directio.unload();
  }

  @Test
  void threeThousandCheckersOnOneFileUseThreeGroups() throws Exception {
    Path file = file("disk.img", 4096);
    DirectioCheckerClass directio = load(Map.of());
    List<Checker> checkers = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      checkers.add(directio.init(open(file), i % 2 == 0 ? SYNC : ASYNC));
    }
    assertThat(directio.snapshot().groups())
        .extracting(DirectioSnapshot.Group::holders)
        .containsExactly(1024, 1024, 952);
    assertThat(AioUsage.contextsOfThisProcess() - aioRingsBefore).isEqualTo(3);
    for (Checker checker : checkers) {
      CheckResult result = checker.check();
      assertThat(result.isPending() ? awaitFinal(checker) : result).isEqualTo(CheckResult.UP);
    }
    for (Checker checker : checkers) {
      checker.free();
    }
    DirectioSnapshot afterFree = directio.snapshot();
    assertThat(afterFree.ioSetupCalls()).isEqualTo(3);
    assertThat(afterFree.ioDestroyCalls()).as("free destroys nothing").isZero();
    assertThat(directio.unload().isComplete()).isTrue();
    assertThat(directio.snapshot().ioDestroyCalls()).isEqualTo(3);
    assertThat(directio.snapshot().groups()).isEmpty();
  }

  @Test
  void awaitAnswersLeavesEveryAnswerReadyForPending() throws Exception {
    Path file = file("disk.img", 4096);
    DirectioCheckerClass directio = load(Map.of("groupSize", "200"));
    List<Checker> checkers = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      checkers.add(directio.init(open(file), ASYNC));
    }
    for (Checker checker : checkers) {
      assertThat(checker.check().state()).isEqualTo(PathState.PENDING);
    }
    // 30 s: a read of a file is done in microseconds, so the wait ends when the last one is in.
    assertThat(directio.awaitAnswers(Duration.ofSeconds(30))).isTrue();
    assertThat(directio.snapshot().groups()).extracting(DirectioSnapshot.Group::inFlight).containsOnly(0);
    for (Checker checker : checkers) {
      assertThat(checker.pending().state()).isEqualTo(PathState.UP);
    }
    assertThat(directio.unload().isComplete()).isTrue();
  }

  @Test
  void freeWithReadsInFlightLeavesOrphansThatUnloadReleases() throws Exception {
    Path file = file("disk.img", 4096);
    DirectioCheckerClass directio = load(Map.of("groupSize", "4"));
    for (int i = 0; i < 8; i++) {
      Checker checker = directio.init(open(file), ASYNC);
      assertThat(checker.check().state()).isEqualTo(PathState.PENDING);
      checker.free();
    }
    // No check reaped anything (an async check does not), so every free left an orphan, and each fourth
    // free left its group full of orphans: destroyed by that free.
    DirectioSnapshot snapshot = directio.snapshot();
    assertThat(snapshot.ioDestroyCallsDuringFree()).isEqualTo(2);
    assertThat(snapshot.groups()).isEmpty();
    assertThat(directio.unload().isComplete()).isTrue();
  }

  @Test
  void resetDestroysUnusedGroupsAndLiveCheckersKeepWorking() throws Exception {
    Path file = file("disk.img", 4096);
    DirectioCheckerClass directio = load(Map.of("groupSize", "2"));
    Checker a = directio.init(open(file), SYNC);
    Checker b = directio.init(open(file), SYNC);
    Checker c = directio.init(open(file), SYNC);
    a.free();
    b.free();
    directio.reset();
    assertThat(directio.snapshot().groups()).singleElement().satisfies(g -> assertThat(g.holders()).isEqualTo(1));
    assertThat(directio.snapshot().ioDestroyCalls()).isEqualTo(1);
    assertThat(c.check().state()).isEqualTo(PathState.UP);
    c.free();
    directio.unload();
  }

  @Test
  void loopDeviceIsUpSyncAndAsync() throws Exception {
    PrivilegedTests.assumeRoot("attach a loop device");
    Path backing = file("backing.img", 1024 * 1024);
    try (LoopDevice loop = LoopDevice.attach(backing)) {
      LinuxPathDevice device = open(loop.path());
      int flagsBefore = Procfs.fdFlags(device.fd());
      DirectioCheckerClass directio = load(Map.of());
      try {
        DirectioChecker sync = (DirectioChecker) directio.init(device, SYNC);
        assertThat(sync.blockSize()).isEqualTo(Math.min(4096, BlockDevices.blockSize(device)));
        assertThat(sync.check().state()).isEqualTo(PathState.UP);
        Checker async = directio.init(device, ASYNC);
        assertThat(async.check().state()).isEqualTo(PathState.PENDING);
        assertThat(awaitFinal(async)).isEqualTo(CheckResult.UP);
        sync.free();
        async.free();
        assertThat(Procfs.fdFlags(device.fd())).isEqualTo(flagsBefore);
      } finally {
        assertThat(directio.unload().isComplete()).isTrue();
        device.close();
      }
    }
  }

  @Test
  void limitsAreReadFromProc() {
    AioLimits limits = new KernelAio().limits();
    assertThat(limits.maxNr()).isEqualTo(AioUsage.aioMaxNr());
    assertThat(limits.nr()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void classOptionsAreChecked() {
    CheckerProvider provider = new DirectioCheckerProvider();
    assertThat(provider.name()).isEqualTo("directio");
    assertThat(((DirectioCheckerClass) provider.load(Map.of())).groupSize()).isEqualTo(1024);
    assertThat(((DirectioCheckerClass) provider.load(Map.of("groupSize", "7"))).groupSize()).isEqualTo(7);
    for (String bad : List.of("0", "-1", "65537", "many", "")) {
      assertThatThrownBy(() -> provider.load(Map.of("groupSize", bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("groupSize")
          .hasMessageContaining("1 to 65536");
    }
    assertThatThrownBy(() -> provider.load(Map.of("group_size", "8")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("group_size")
        .hasMessageContaining("groupSize");
    CheckerClass loaded = provider.load(Map.of());
    assertThat(loaded.isAsyncCapable()).isTrue();
    assertThat(loaded.unload().isComplete()).isTrue();
  }
}
