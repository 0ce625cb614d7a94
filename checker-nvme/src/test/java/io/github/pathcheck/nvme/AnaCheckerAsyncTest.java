package io.github.pathcheck.nvme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerInitException;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.api.UnloadResult;
import io.github.pathcheck.nativeio.Errno;
import io.github.pathcheck.nativeio.NativeException;
import io.github.pathcheck.nativeio.nvme.NvmeCommand;
import io.github.pathcheck.nativeio.nvme.NvmeCompletion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The asynchronous mode, over a scripted ring whose commands complete when the test says. */
class AnaCheckerAsyncTest {
  private static final int NVME_MAJOR = 241;
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  @TempDir Path dir;

  private FakeSysfs sys;
  private Path nvme1;
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final FakeTransport transport = new FakeTransport();
  private final FakeRing ring = new FakeRing(now);
  private final List<Thread> threads = new ArrayList<>();
  private int ringsOpened;
  private boolean offered = true;
  private NativeException ringRefusal;
  private AnaCheckerClass cls;
  private final FakeControllerNode device = new FakeControllerNode("/dev/nvme1", NVME_MAJOR, 1);

  @BeforeEach
  void controllerWithOnePathInGroupOne() {
    sys = new FakeSysfs(dir.resolve("sys"));
    nvme1 = sys.controller("nvme1", NVME_MAJOR, 1, "live");
    sys.path(nvme1, "nvme0c1n1", 1, "optimized", 4096);
    cls =
        new AnaCheckerClass(
            Map.of(),
            transport,
            sys.sysfs(),
            d -> d instanceof FakeControllerNode
                ? Optional.of(new DeviceNumber(((FakeControllerNode) d).major, ((FakeControllerNode) d).minor))
                : Optional.empty(),
            now::get,
            new RingCalls.Opener() {
              @Override
              public RingCalls open() throws NativeException {
                if (ringRefusal != null) {
                  throw ringRefusal;
                }
                ringsOpened++;
                return ring;
              }

              @Override
              public boolean offered() {
                return offered;
              }
            },
            r -> {
              Thread t = new Thread(r);
              threads.add(t);
              return t;
            });
  }

  @AfterEach
  void unload() throws Exception {
    UnloadResult result = cls.unload();
    while (!ring.inFlight.isEmpty()) {
      ring.complete(command -> NvmeCompletion.ioctlFailed(Errno.EIO));
    }
    result.released().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private Checker init(CheckerOptions options) throws CheckerInitException {
    return cls.init(device, options.withTimeout(TIMEOUT));
  }

  private static AnaLogs groupOne(int code) {
    return new AnaLogs().group(1, code, 1).group(2, 0x03, 2);
  }

  @Test
  void aCheckSendsTheLogPageThroughTheRingAndAnswersPendingUntilItsCompletion() throws Exception {
    assertThat(cls.isAsyncCapable()).isTrue();
    Checker checker = init(CheckerOptions.defaults());

    assertThat(checker.check()).isEqualTo(AnaAnswers.WAITING);
    assertThat(AnaAnswers.WAITING.state()).isEqualTo(PathState.PENDING);
    assertThat(AnaAnswers.WAITING.message()).isEqualTo(" is waiting on io_uring");
    assertThat(ring.submitted).hasSize(1);
    FakeRing.Sent sent = ring.submitted.get(0);
    assertThat(sent.command()).isEqualTo(NvmeCommand.anaLogPage(AnaChecker.FIRST_LOG_LENGTH));
    assertThat(sent.fd()).isEqualTo(device.fd());
    assertThat(sent.timeout()).isEqualTo(TIMEOUT);
    assertThat(checker.needWait()).isTrue();
    assertThat(checker.pending()).isEqualTo(AnaAnswers.WAITING);
    assertThat(checker.needWait()).isFalse();
    assertThat(transport.admin).isEmpty();

    ring.complete(groupOne(0x02).answer());

    assertThat(checker.pending()).isEqualTo(AnaAnswers.NON_OPTIMIZED);
    assertThat(sent.buffer().isClosed()).isTrue();
    assertThat(checker.check()).isEqualTo(AnaAnswers.WAITING);
    assertThat(ring.submitted).hasSize(2);
  }

  @Test
  void everyAnaStateHasTheSameAnswerAsInSynchronousMode() throws Exception {
    for (int code : new int[] {0x01, 0x02, 0x03, 0x04, 0x0f}) {
      transport.adminAnswer = groupOne(code).answer();
      CheckResult sync = init(CheckerOptions.defaults().withMode(CheckMode.SYNC)).check();
      Checker async = init(CheckerOptions.defaults());
      assertThat(async.check()).isEqualTo(AnaAnswers.WAITING);
      ring.complete(groupOne(code).answer());
      assertThat(async.pending()).as("state 0x%x", code).isEqualTo(sync);
    }
    assertThat(transport.admin).hasSize(5);
    assertThat(ring.submitted).hasSize(5);
  }

  @Test
  void awaitAnswersReapsTheCompletionsAndReturnsOnceNothingIsAwaited() throws Exception {
    Checker checker = init(CheckerOptions.defaults());
    checker.check();
    ring.complete(groupOne(0x01).answer());

    assertThat(cls.awaitAnswers(Duration.ofSeconds(1))).isTrue();
    assertThat(ring.inFlight).isEmpty();
    assertThat(checker.pending()).isEqualTo(AnaAnswers.OPTIMIZED);
  }

  @Test
  void awaitAnswersGivesUpAtItsDeadlineWhileACommandStaysInFlight() throws Exception {
    Checker checker = init(CheckerOptions.defaults());
    checker.check();
    long start = now.get();

    assertThat(cls.awaitAnswers(Duration.ofMillis(300))).isTrue();

    assertThat(now.get() - start).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
    assertThat(checker.pending()).isEqualTo(AnaAnswers.WAITING);
  }

  @Test
  void aCommandPastTheTimeoutAnswersTimeoutAndIsNotSentAgainUntilItCompletes() throws Exception {
    Checker checker = init(CheckerOptions.defaults());
    checker.check();
    now.addAndGet(TIMEOUT.toNanos());

    assertThat(checker.pending()).isEqualTo(AnaAnswers.TIMED_OUT);
    assertThat(checker.check()).isEqualTo(AnaAnswers.TIMED_OUT);
    assertThat(ring.submitted).hasSize(1);

    ring.complete(command -> NvmeCompletion.completed(0x371, 0, new byte[0])); // aborted by the host
    assertThat(checker.check()).isEqualTo(AnaAnswers.TIMED_OUT);
    assertThat(checker.check()).isEqualTo(AnaAnswers.WAITING);
    assertThat(ring.submitted).hasSize(2);
  }

  @Test
  void aCheckerFreedWithItsCommandInFlightLeavesTheBufferMappedUntilTheKernelCompletesIt() throws Exception {
    Checker checker = init(CheckerOptions.defaults());
    checker.check();
    FakeRing.Sent sent = ring.submitted.get(0);

    checker.free();

    assertThat(sent.buffer().isClosed()).isFalse();
    ring.complete(groupOne(0x01).answer());
    cls.reset();
    assertThat(sent.buffer().isClosed()).isTrue();
    assertThat(cls.openRing().inFlight()).isZero();
  }

  @Test
  void unloadWithACommandInFlightIsDeferredUntilTheKernelCompletesItThenClosesTheRing() throws Exception {
    Checker checker = init(CheckerOptions.defaults());
    checker.check();
    FakeRing.Sent sent = ring.submitted.get(0);

    UnloadResult result = cls.unload();

    assertThat(result.isComplete()).isFalse();
    assertThat(result.outstanding()).containsExactly("1 ana admin command(s) in flight on the io_uring, with their buffers");
    assertThat(ring.isClosed()).isFalse();
    assertThat(sent.buffer().isClosed()).isFalse();
    assertThat(threads).hasSize(1);
    assertThat(threads.get(0).getName()).isEqualTo(AdminRing.DRAIN_THREAD);
    assertThatThrownBy(checker::check).isInstanceOf(IllegalStateException.class);

    ring.complete(groupOne(0x01).answer());

    result.released().toCompletableFuture().get(10, TimeUnit.SECONDS);
    threads.get(0).join(TimeUnit.SECONDS.toMillis(10));
    assertThat(threads.get(0).isAlive()).isFalse();
    assertThat(ring.isClosed()).isTrue();
    assertThat(sent.buffer().isClosed()).isTrue();
    assertThat(cls.awaitAnswers(Duration.ofSeconds(1))).isTrue();
  }

  @Test
  void unloadWithNothingInFlightClosesTheRingAtOnceWithoutAThread() throws Exception {
    Checker checker = init(CheckerOptions.defaults());
    checker.check();
    ring.complete(groupOne(0x01).answer());
    assertThat(checker.pending()).isEqualTo(AnaAnswers.OPTIMIZED);

    assertThat(cls.unload().isComplete()).isTrue();

    assertThat(ring.isClosed()).isTrue();
    assertThat(threads).isEmpty();
  }

  @Test
  void synchronousModeSendsTheIoctlAndOpensNoRing() throws Exception {
    transport.adminAnswer = groupOne(0x01).answer();

    assertThat(init(CheckerOptions.defaults().withMode(CheckMode.SYNC)).check()).isEqualTo(AnaAnswers.OPTIMIZED);

    assertThat(transport.admin).hasSize(1);
    assertThat(cls.openRing()).isNull();
  }

  @Test
  void aKernelThatOffersNoRingMakesTheClassSynchronousWithoutOpeningOne() throws Exception {
    offered = false;
    transport.adminAnswer = groupOne(0x01).answer();

    assertThat(cls.isAsyncCapable()).isFalse();
    assertThat(init(CheckerOptions.defaults()).check()).isEqualTo(AnaAnswers.OPTIMIZED);
    assertThat(transport.admin).hasSize(1);
    assertThat(ringsOpened).isZero();
  }

  @Test
  void aRingTheKernelRefusesFailsThatInitAndMakesTheClassSynchronous() throws Exception {
    ringRefusal = new NativeException(Errno.EPERM, "io_uring_setup");
    transport.adminAnswer = groupOne(0x01).answer();
    assertThat(cls.isAsyncCapable()).isTrue();

    assertThatThrownBy(() -> init(CheckerOptions.defaults()))
        .isInstanceOf(CheckerInitException.class)
        .hasMessageContaining("/dev/nvme1")
        .hasMessageContaining("EPERM")
        .hasMessageContaining("mode sync");

    assertThat(cls.isAsyncCapable()).isFalse();
    assertThat(init(CheckerOptions.defaults()).check()).isEqualTo(AnaAnswers.OPTIMIZED);
    assertThat(transport.admin).hasSize(1);
  }

  @Test
  void theKernelOffersRingsForNvmeAdminCommandsFrom61WhenIoUringIsNotDisabled() {
    assertThat(KernelRing.offered("0\n", "6.1.0-57-amd64\n")).isTrue();
    assertThat(KernelRing.offered(null, "6.1.0-57-amd64")).isTrue();
    assertThat(KernelRing.offered("1", "6.18.44-fc-v1272")).isTrue();
    assertThat(KernelRing.offered(null, "7.0")).isTrue();
    assertThat(KernelRing.offered("2\n", "6.18.44")).isFalse();
    assertThat(KernelRing.offered(null, "6.0.19")).isFalse();
    assertThat(KernelRing.offered(null, "5.19.0")).isFalse();
    assertThat(KernelRing.offered(null, null)).isFalse();
    assertThat(KernelRing.offered(null, "unknown")).isFalse();
  }

  @Test
  void readYesIsRefusedInAsynchronousModeAndTakenInSynchronousMode() throws Exception {
    assertThatThrownBy(() -> init(CheckerOptions.defaults().withProperty("read", "yes")))
        .isInstanceOf(CheckerInitException.class)
        .hasMessageContaining("/dev/nvme1")
        .hasMessageContaining("mode sync");
    assertThat(init(CheckerOptions.defaults().withMode(CheckMode.SYNC).withProperty("read", "yes"))).isNotNull();
  }

  @Test
  void aKernelWithoutAdminCommandsThroughIoUringIsNamed() throws Exception {
    Checker checker = init(CheckerOptions.defaults());
    checker.check();

    ring.complete(command -> NvmeCompletion.ioctlFailed(95));

    assertThat(checker.pending()).isEqualTo(AnaAnswers.RING_UNSUPPORTED);
    assertThat(AnaAnswers.RING_UNSUPPORTED.state()).isEqualTo(PathState.UNCHECKED);
  }

  @Test
  void aFullRingAnswersUncheckedAndASubmissionTheKernelRefusesIsAFailedCommand() throws Exception {
    ring.capacity = 1;
    init(CheckerOptions.defaults()).check();
    assertThat(init(CheckerOptions.defaults()).check()).isEqualTo(AnaAnswers.RING_FULL);

    ring.capacity = 4;
    ring.submitResult = -Errno.EBADF;
    CheckResult refused = init(CheckerOptions.defaults()).check();
    assertThat(refused.state()).isEqualTo(PathState.DOWN);
    assertThat(refused.message()).contains("Get Log Page (ANA)").contains("EBADF");
  }

  @Test
  void aLogPageLongerThanTheFirstReadIsReadAgainAtItsLength() throws Exception {
    AnaLogs many = new AnaLogs();
    int[] nsids = new int[1100];
    for (int i = 0; i < nsids.length; i++) {
      nsids[i] = i + 2;
    }
    many.group(1, 0x04, nsids).group(2, 0x01, 1);
    Checker checker = init(CheckerOptions.defaults());
    checker.check();

    CheckResult answer = AnaAnswers.WAITING;
    for (int reads = 0; reads < 4 && answer.equals(AnaAnswers.WAITING); reads++) {
      ring.complete(many.answer());
      answer = checker.pending();
    }

    assertThat(answer).isEqualTo(AnaAnswers.OPTIMIZED);
    assertThat(ring.submitted).hasSizeGreaterThan(1);
    assertThat(ring.submitted.get(1).command().dataLength()).isGreaterThan(AnaChecker.FIRST_LOG_LENGTH);
    assertThat(ring.submitted.get(ring.submitted.size() - 1).command().dataLength())
        .isGreaterThanOrEqualTo(many.page().length);
  }

  @Test
  void aControllerThatIsNotLiveIsAnsweredWithoutACommand() throws Exception {
    FakeSysfs.write(nvme1.resolve("state"), "resetting\n");

    assertThat(init(CheckerOptions.defaults()).check()).isEqualTo(AnaAnswers.controllerNotLive("resetting"));

    assertThat(ring.submitted).isEmpty();
  }

  @Test
  void aControllerWithoutAnaIsAskedIdentifyThroughTheRing() throws Exception {
    FakeSysfs.deleteTree(nvme1.resolve("nvme0c1n1"));
    sys.path(nvme1, "nvme0c1n1", 1, null, 4096);
    Checker checker = init(CheckerOptions.defaults());

    assertThat(checker.check()).isEqualTo(AnaAnswers.WAITING);
    assertThat(ring.submitted.get(0).command()).isEqualTo(NvmeCommand.identifyController());
    ring.complete(command -> NvmeCompletion.completed(0, 0, new byte[4096]));

    assertThat(checker.pending()).isEqualTo(AnaAnswers.UP_WITHOUT_ANA);
  }
}
