package io.github.pathcheck.nvme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerInitException;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.nativeio.Errno;
import io.github.pathcheck.nativeio.nvme.NvmeCommand;
import io.github.pathcheck.nativeio.nvme.NvmeCompletion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnaCheckerTest {
  private static final int NVME_MAJOR = 241;
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  @TempDir Path dir;

  private FakeSysfs sys;
  private final FakeTransport transport = new FakeTransport();
  private final AtomicLong now = new AtomicLong(1_000_000);
  private AnaCheckerClass cls;
  private Path nvme1;
  private final FakeControllerNode device = new FakeControllerNode("/dev/nvme1", NVME_MAJOR, 1);

  @BeforeEach
  void controllerWithOnePathInGroupOne() {
    sys = new FakeSysfs(dir.resolve("sys"));
    nvme1 = sys.controller("nvme1", NVME_MAJOR, 1, "live");
    sys.path(nvme1, "nvme0c1n1", 1, "optimized", 4096);
    transport.clock = now::addAndGet;
    cls =
        new AnaCheckerClass(
            Map.of(),
            transport,
            sys.sysfs(),
            d -> d instanceof FakeControllerNode
                ? Optional.of(new DeviceNumber(((FakeControllerNode) d).major, ((FakeControllerNode) d).minor))
                : Optional.empty(),
            now::get);
  }

  @AfterEach
  void unload() {
    cls.unload();
  }

  private Checker init(CheckerOptions options) throws CheckerInitException {
    return cls.init(device, options.withTimeout(TIMEOUT));
  }

  private CheckResult checkWithGroupState(int code) throws Exception {
    transport.adminAnswer = new AnaLogs().group(1, code, 1).group(2, 0x03, 2).answer();
    return init(CheckerOptions.defaults()).check();
  }

  @Test
  void everyAnaStateOfTheNamespacesGroupHasItsAnswer() throws Exception {
    assertThat(checkWithGroupState(0x01)).isEqualTo(AnaAnswers.OPTIMIZED);
    assertThat(checkWithGroupState(0x02)).isEqualTo(AnaAnswers.NON_OPTIMIZED);
    assertThat(checkWithGroupState(0x03)).isEqualTo(AnaAnswers.INACCESSIBLE);
    assertThat(checkWithGroupState(0x04)).isEqualTo(AnaAnswers.PERSISTENT_LOSS);
    assertThat(checkWithGroupState(0x0f)).isEqualTo(AnaAnswers.CHANGE);

    assertThat(AnaAnswers.OPTIMIZED.state()).isEqualTo(PathState.UP);
    assertThat(AnaAnswers.NON_OPTIMIZED.state()).isEqualTo(PathState.UP);
    assertThat(AnaAnswers.INACCESSIBLE.state()).isEqualTo(PathState.GHOST);
    assertThat(AnaAnswers.PERSISTENT_LOSS.state()).isEqualTo(PathState.DOWN);
    assertThat(AnaAnswers.CHANGE.state()).isEqualTo(PathState.PENDING);
  }

  @Test
  void asksTheAnaLogThroughTheDeviceWithTheCheckerTimeoutAndRetainsTheEvent() throws Exception {
    checkWithGroupState(0x01);

    assertThat(transport.admin).containsExactly(NvmeCommand.anaLogPage(AnaChecker.FIRST_LOG_LENGTH));
    assertThat(transport.admin.get(0).cdw(10) & 1 << 15).isNotZero();
    assertThat(transport.timeouts).containsExactly(TIMEOUT);
    assertThat(transport.io).isEmpty();
  }

  @Test
  void aReservedStateCodeIsDownNamingIt() throws Exception {
    assertThat(checkWithGroupState(0x05)).isEqualTo(AnaAnswers.down("ANA group 1 is in reserved state 0x5"));
  }

  @Test
  void aChangingPathAnswersChangeAgainWhenPolledWithoutAskingTheController() throws Exception {
    transport.adminAnswer = new AnaLogs().group(1, 0x0f, 1).answer();
    Checker checker = init(CheckerOptions.defaults());

    assertThat(checker.check()).isEqualTo(AnaAnswers.CHANGE);
    assertThat(checker.pending()).isEqualTo(AnaAnswers.CHANGE);
    assertThat(transport.admin).hasSize(1);
  }

  @Test
  void anUpPathHasNothingToPoll() throws Exception {
    transport.adminAnswer = new AnaLogs().group(1, 0x01, 1).answer();
    Checker checker = init(CheckerOptions.defaults());
    checker.check();

    assertThatThrownBy(checker::pending).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aControllerThatIsNotLiveIsDownWithoutACommand() throws Exception {
    Checker checker = init(CheckerOptions.defaults());
    FakeSysfs.write(nvme1.resolve("state"), "resetting");

    assertThat(checker.check()).isEqualTo(CheckResult.of(PathState.DOWN, " reports controller is resetting"));
    FakeSysfs.write(nvme1.resolve("state"), "connecting");
    assertThat(checker.check()).isEqualTo(CheckResult.of(PathState.DOWN, " reports controller is connecting"));
    assertThat(transport.admin).isEmpty();
  }

  @Test
  void aDeletedControllerIsGoneAndSoIsOneWhoseNameNowHasAnotherDeviceNumber() throws Exception {
    transport.adminAnswer = new AnaLogs().group(1, 0x01, 1).answer();
    Checker checker = init(CheckerOptions.defaults());

    FakeSysfs.write(nvme1.resolve("dev"), NVME_MAJOR + ":7");
    assertThat(checker.check()).isEqualTo(AnaAnswers.CONTROLLER_GONE);
    FakeSysfs.deleteTree(nvme1);
    assertThat(checker.check()).isEqualTo(AnaAnswers.CONTROLLER_GONE);
    assertThat(transport.admin).isEmpty();
  }

  @Test
  void aNamespaceTheKernelNoLongerShowsThroughTheControllerIsDown() throws Exception {
    Checker checker = init(CheckerOptions.defaults());
    FakeSysfs.deleteTree(nvme1.resolve("nvme0c1n1"));

    assertThat(checker.check())
        .isEqualTo(CheckResult.of(PathState.DOWN, " reports namespace 1 is gone from controller nvme1"));
  }

  @Test
  void aNamespaceInNoGroupOfTheLogIsDown() throws Exception {
    transport.adminAnswer = new AnaLogs().group(1, 0x01, 2).answer();

    assertThat(init(CheckerOptions.defaults()).check())
        .isEqualTo(AnaAnswers.down("namespace 1 is in no ANA group of controller nvme1"));
  }

  @Test
  void aLogLongerThanTheFirstReadIsReadAgainAtItsLength() throws Exception {
    int[] many = new int[1100];
    for (int i = 0; i < many.length; i++) {
      many[i] = i + 2;
    }
    many[many.length - 1] = 1;
    transport.adminAnswer = new AnaLogs().group(1, 0x02, many).answer();

    assertThat(init(CheckerOptions.defaults()).check()).isEqualTo(AnaAnswers.NON_OPTIMIZED);
    assertThat(transport.admin).hasSize(2);
    assertThat(transport.admin.get(1).dataLength()).isEqualTo(16 + 32 + 4 * 1100);
  }

  @Test
  void aCommandThatFailsAfterTheTimeoutIsATimeout() throws Exception {
    transport.commandNanos = TIMEOUT.toNanos();
    transport.adminAnswer = command -> NvmeCompletion.completed(0x371, 0, new byte[0]);

    assertThat(init(CheckerOptions.defaults()).check()).isEqualTo(AnaAnswers.TIMED_OUT);
  }

  @Test
  void failuresWithinTheTimeoutAreDownNamingTheCommandAndStatus() throws Exception {
    transport.adminAnswer = command -> NvmeCompletion.completed(0x371, 0, new byte[0]);
    Checker checker = init(CheckerOptions.defaults());

    assertThat(checker.check())
        .isEqualTo(AnaAnswers.down("Get Log Page (ANA) failed with status 0x371 (aborted by host)"));
    transport.adminAnswer = command -> NvmeCompletion.ioctlFailed(Errno.ENODEV);
    assertThat(checker.check().message()).startsWith(" reports path is down: Get Log Page (ANA) failed: ENODEV");
  }

  @Test
  void withoutPrivilegeTheAnswerIsNoAccessAndADeviceWithoutPassthroughIsWild() throws Exception {
    transport.adminAnswer = command -> NvmeCompletion.ioctlFailed(Errno.EACCES);
    Checker checker = init(CheckerOptions.defaults());

    assertThat(checker.check()).isEqualTo(CheckResult.NO_ACCESS);
    transport.adminAnswer = command -> NvmeCompletion.ioctlFailed(Errno.ENOTTY);
    assertThat(checker.check()).isEqualTo(CheckResult.UNSUPPORTED_DEVICE);
  }

  @Test
  void aControllerWithoutAnaIsProbedWithIdentifyController() throws Exception {
    Files.delete(nvme1.resolve("nvme0c1n1/ana_state"));
    transport.adminAnswer =
        command -> command.equals(NvmeCommand.identifyController())
            ? NvmeCompletion.completed(0, 0, new byte[4096])
            : NvmeCompletion.completed(0x2, 0, new byte[0]);

    assertThat(init(CheckerOptions.defaults()).check()).isEqualTo(AnaAnswers.UP_WITHOUT_ANA);
    assertThat(transport.admin).containsExactly(NvmeCommand.identifyController());
  }

  @Test
  void readYesReadsTheFirstBlockThroughTheControllerOnlyWhileThePathIsAccessible() throws Exception {
    transport.adminAnswer = new AnaLogs().group(1, 0x02, 1).answer();
    Checker checker = init(CheckerOptions.defaults().withProperty("read", "yes"));

    assertThat(checker.check()).isEqualTo(AnaAnswers.NON_OPTIMIZED);
    assertThat(transport.io).containsExactly(NvmeCommand.read(1, 0, 1, 4096));

    transport.ioAnswer = command -> NvmeCompletion.completed(0x281, 0, new byte[0]);
    assertThat(checker.check()).isEqualTo(AnaAnswers.down("Read failed with status 0x281 (media error)"));
    transport.ioAnswer = command -> NvmeCompletion.completed(0x302, 0, new byte[0]);
    assertThat(checker.check()).isEqualTo(AnaAnswers.INACCESSIBLE);
    transport.ioAnswer = command -> NvmeCompletion.completed(0x303, 0, new byte[0]);
    assertThat(checker.check()).isEqualTo(AnaAnswers.CHANGE);

    transport.adminAnswer = new AnaLogs().group(1, 0x03, 1).answer();
    assertThat(checker.check()).isEqualTo(AnaAnswers.INACCESSIBLE);
    assertThat(transport.io).hasSize(4);
  }

  @Test
  void aReadPastTheTimeoutIsATimeout() throws Exception {
    transport.adminAnswer = new AnaLogs().group(1, 0x01, 1).answer();
    transport.ioAnswer =
        command -> {
          now.addAndGet(TIMEOUT.toNanos());
          return NvmeCompletion.completed(0x371, 0, new byte[0]);
        };

    assertThat(init(CheckerOptions.defaults().withProperty("read", "yes")).check()).isEqualTo(AnaAnswers.TIMED_OUT);
  }

  @Test
  void theNamespaceIsTheOnlyOneOrTheOneNamed() throws Exception {
    sys.path(nvme1, "nvme0c1n2", 5, "inaccessible", 512);
    transport.adminAnswer = new AnaLogs().group(1, 0x01, 1).group(2, 0x03, 5).answer();

    assertThatThrownBy(() -> init(CheckerOptions.defaults()))
        .isInstanceOf(CheckerInitException.class)
        .hasMessage("/dev/nvme1 is NVMe controller nvme1, which has namespaces 1, 5: name one with the property nsid (nsid=N)");
    assertThat(init(CheckerOptions.defaults().withProperty("nsid", "5")).check()).isEqualTo(AnaAnswers.INACCESSIBLE);
    assertThatThrownBy(() -> init(CheckerOptions.defaults().withProperty("nsid", "1").withProperty("read", "yes")))
        .isInstanceOf(CheckerInitException.class)
        .hasMessageContaining("Linux reads through a controller's own queue only while it has one namespace; use read=no");
  }

  @Test
  void aControllerWithoutNamespacesCannotBeInitialisedWithoutNsid() throws Exception {
    FakeSysfs.deleteTree(nvme1.resolve("nvme0c1n1"));

    assertThatThrownBy(() -> init(CheckerOptions.defaults()))
        .isInstanceOf(CheckerInitException.class)
        .hasMessageContaining("/dev/nvme1 is NVMe controller nvme1, which shows no namespace");
  }

  @Test
  void propertiesWithValuesTheyCannotTakeAreRefusedNamingThePath() {
    assertThatThrownBy(() -> init(CheckerOptions.defaults().withProperty("nsid", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("property nsid for /dev/nvme1 must be a namespace identifier");
    assertThatThrownBy(() -> init(CheckerOptions.defaults().withProperty("read", "maybe")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("property read for /dev/nvme1 is yes or no");
    assertThatThrownBy(() -> init(CheckerOptions.defaults().withProperty("ns", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("its properties are [nsid, read]");
  }

  @Test
  void aDeviceThatIsNoNvmeControllerIsWildWithoutACommand() throws Exception {
    sys.generic("ng0n1", 240, 0);
    PathDevice generic = new FakeControllerNode("/dev/ng0n1", 240, 0);
    PathDevice file = new FakeFile("/var/tmp/disk.img");

    assertThat(cls.init(generic, CheckerOptions.defaults()).check()).isEqualTo(CheckResult.UNSUPPORTED_DEVICE);
    assertThat(cls.init(file, CheckerOptions.defaults()).check()).isEqualTo(CheckResult.UNSUPPORTED_DEVICE);
    assertThat(transport.admin).isEmpty();
  }

  @Test
  void theCheckItselfFailingIsUnchecked() throws Exception {
    transport.adminAnswer =
        command -> {
          throw new IllegalStateException("broken transport");
        };

    assertThat(init(CheckerOptions.defaults()).check()).isEqualTo(AnaAnswers.FAILED);
  }

  /** A path that is not a character device: the class's device-number function finds nothing. */
  private static final class FakeFile implements PathDevice {
    private final Path path;

    FakeFile(String path) {
      this.path = Path.of(path);
    }

    @Override
    public Path path() {
      return path;
    }

    @Override
    public int fd() {
      return 1001;
    }
  }
}
