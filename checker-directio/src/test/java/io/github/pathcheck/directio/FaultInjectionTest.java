package io.github.pathcheck.directio;

import static io.github.pathcheck.directio.SeamHarness.ASYNC;
import static io.github.pathcheck.directio.SeamHarness.SYNC;
import static io.github.pathcheck.directio.SeamHarness.ok;
import static io.github.pathcheck.directio.SeamHarness.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerInitException;
import io.github.pathcheck.api.CheckerMessages;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.api.UnloadResult;
import io.github.pathcheck.fixtures.FakeDevice;
import io.github.pathcheck.nativeio.Errno;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Faults injected through the seam: what the kernel may do that a healthy file never shows. */
class FaultInjectionTest {
  private final SeamHarness h = new SeamHarness();

  @AfterEach
  void unloadHarnesses() {
    SeamHarness.unloadAll();
  }

  @Test
  void ioSetupEagainSaysWhichLimitAndHowToRaiseIt() {
    h.kernel.limits = new AioLimits(65536, 64512);
    h.kernel.failNextSetup(Errno.EAGAIN);
    FakeDevice device = FakeDevice.of(7);
    assertThatThrownBy(() -> h.directio.init(device, SYNC))
        .isInstanceOf(CheckerInitException.class)
        .hasMessageContaining("/dev/fake7")
        .hasMessageContaining("io_setup(1024) failed with EAGAIN")
        .hasMessageContaining("system-wide limit")
        .hasMessageContaining("fs.aio-max-nr = 65536")
        .hasMessageContaining("fs.aio-nr = 64512")
        .hasMessageContaining("sysctl -w fs.aio-max-nr=131072");
    // Nothing left behind: no group, flags as they were (set, then restored).
    assertThat(h.directio.snapshot().groups()).isEmpty();
    assertThat(h.directio.snapshot().ioSetupCalls()).isEqualTo(1);
    assertThat(h.kernel.flags(7)).isZero();
    // The next init tries again, and works.
    DirectioChecker checker = h.init(SYNC);
    h.assertHolders(checker, 1, 0);
  }

  @Test
  void ioSetupFailingWithUnknownLimitsStillGivesTheFix() {
    h.kernel.limits = AioLimits.UNKNOWN;
    h.kernel.failNextSetup(Errno.EAGAIN);
    assertThatThrownBy(() -> h.directio.init(FakeDevice.of(7), SYNC))
        .hasMessageContaining("fs.aio-max-nr = unknown")
        .hasMessageContaining("sysctl -w fs.aio-max-nr=");
  }

  @Test
  void ioSubmitFailingIsUncheckedAndNotAvailable() {
    DirectioChecker checker = h.init(SYNC);
    FakeAioContext context = h.context(checker);
    context.queueSubmitResult(-Errno.EAGAIN);
    CheckResult notAvailable = checker.check();
    assertThat(notAvailable.state()).isEqualTo(PathState.UNCHECKED);
    assertThat(notAvailable.message()).isEqualTo(" is not available");
    assertThat(running(checker)).isFalse();
    assertThat(h.group(checker).inFlight()).isZero();
    context.queueBatch(ok(checker));
    assertThat(checker.check().state()).isEqualTo(PathState.UP);
    assertThat(context.submits()).isEqualTo(2);
  }

  @Test
  void ioGeteventsEintrIsRetriedWithTheRemainingTime() {
    DirectioChecker checker = h.init(SYNC);
    FakeAioContext context = h.context(checker);
    context.queueGetEventsError(Errno.EINTR);
    context.queueBatch(ok(checker));
    assertThat(checker.check().state()).isEqualTo(PathState.UP);
    assertThat(context.getEventsCalls()).isEqualTo(2);
    assertThat(context.getEventsTimeouts().get(1)).isLessThanOrEqualTo(context.getEventsTimeouts().get(0));
  }

  @Test
  void ioGeteventsFailingOtherwiseGivesUpAsDownAndKeepsTheReadTracked() {
    DirectioChecker checker = h.init(SYNC);
    FakeAioContext context = h.context(checker);
    context.queueGetEventsError(Errno.EINVAL);
    assertThat(checker.check().state()).isEqualTo(PathState.DOWN);
    assertThat(running(checker)).isTrue();
    context.queueBatch(ok(checker));
    assertThat(checker.check().state()).isEqualTo(PathState.UP);
    assertThat(context.submits()).isEqualTo(1);
  }

  @Test
  void cancelThatWorksReleasesTheReadAtOnce() {
    DirectioChecker checker = h.init(SYNC);
    FakeAioContext context = h.context(checker);
    context.cancelResult(0);
    assertThat(checker.check().state()).isEqualTo(PathState.DOWN);
    assertThat(running(checker)).isFalse();
    context.queueBatch(ok(checker));
    assertThat(checker.check().state()).isEqualTo(PathState.UP);
    assertThat(context.submits()).as("a cancelled read is submitted again").isEqualTo(2);

    DirectioChecker other = h.init(ASYNC);
    assertThat(other.check().state()).isEqualTo(PathState.PENDING);
    other.free();
    h.assertHolders(checker, 1, 0);
  }

  @Test
  void lateCompletionOfASyncReadIsReportedByTheNextCheck() {
    DirectioChecker checker = h.init(SYNC);
    FakeAioContext context = h.context(checker);
    assertThat(checker.check().state()).isEqualTo(PathState.DOWN);
    h.clock.advance(Duration.ofMinutes(5));
    context.queueBatch(ok(checker));
    assertThat(checker.check().state()).isEqualTo(PathState.UP);
    assertThat(context.submits()).isEqualTo(1);
  }

  @Test
  void aCompletionReapedForAnotherCheckerIsNotGivenToTheWrongOne() {
    DirectioChecker up = h.init(ASYNC);
    DirectioChecker down = h.init(ASYNC);
    FakeAioContext context = h.context(up);
    up.check();
    down.check();
    context.queueBatch(SeamHarness.shortRead(down), ok(up));
    assertThat(down.pending().state()).isEqualTo(PathState.DOWN);
    assertThat(up.pending().state()).isEqualTo(PathState.UP);
  }

  @Test
  void blockSizeFallsBackCapsAndRefusesZero() {
    DirectioChecker file = h.init(-Errno.ENOTTY, SYNC);
    assertThat(file.blockSize()).isEqualTo(4096);
    DirectioChecker dasd = h.init(8192, SYNC);
    assertThat(dasd.blockSize()).isEqualTo(4096);
    h.kernel.queueBlockSize(0);
    assertThatThrownBy(() -> h.directio.init(FakeDevice.of(9), SYNC))
        .isInstanceOf(CheckerInitException.class)
        .hasMessageContaining("/dev/fake9")
        .hasMessageContaining("block size");
    assertThat(h.kernel.flags(9)).isZero();
    h.assertHolders(file, 2, 0);
  }

  @Test
  void fileSystemWithoutODirectFailsInitAndLeavesNothing() {
    h.kernel.failSetFlags(Errno.EINVAL);
    assertThatThrownBy(() -> h.directio.init(FakeDevice.of(5), SYNC))
        .isInstanceOf(CheckerInitException.class)
        .hasMessageContaining("/dev/fake5")
        .hasMessageContaining("O_DIRECT")
        .hasMessageContaining("tmpfs");
    assertThat(h.kernel.setupCalls()).isZero();
  }

  @Test
  void aCharacterDeviceIsNamedAsSuchNotBlamedOnTheFileSystem() {
    h.kernel.failSetFlags(Errno.EINVAL);
    h.kernel.fileType("character device");
    assertThatThrownBy(() -> h.directio.init(FakeDevice.of(6), SYNC))
        .isInstanceOf(CheckerInitException.class)
        .hasMessageContaining("it is a character device, which has no direct I/O")
        .hasMessageContaining("directio checks block devices and regular files")
        .hasMessageNotContaining("tmpfs")
        .satisfies(e -> assertThat(e.getMessage().split("/dev/fake6", -1)).as("the path, once").hasSize(2));
    assertThat(h.kernel.setupCalls()).isZero();
  }

  @Test
  void oDirectIsSetAndRestoredOnlyWhenItWasMissing() {
    DirectioChecker plain = h.init(SYNC);
    int plainFd = 100;
    assertThat(h.kernel.flags(plainFd)).isEqualTo(FakeAioKernel.O_DIRECT);
    plain.free();
    assertThat(h.kernel.flags(plainFd)).isZero();

    h.kernel.flags(200, FakeAioKernel.O_DIRECT | 2);
    int writes = h.kernel.flagWrites();
    Checker direct;
    try {
      direct = h.directio.init(new FakeDevice(Path.of("/dev/direct"), 200), SYNC);
    } catch (CheckerInitException e) {
      throw new AssertionError(e);
    }
    direct.free();
    assertThat(h.kernel.flagWrites()).isEqualTo(writes);
    assertThat(h.kernel.flags(200)).isEqualTo(FakeAioKernel.O_DIRECT | 2);
  }

  @Test
  void deviceWithoutDescriptorIsWildAndHoldsNothing() throws Exception {
    Checker checker = h.directio.init(new FakeDevice(Path.of("/dev/gone"), -1), ASYNC);
    CheckResult wild = checker.check();
    assertThat(wild.state()).isEqualTo(PathState.WILD);
    assertThat(wild.message()).isEqualTo(CheckerMessages.NO_USABLE_FD);
    assertThat(checker.needWait()).isFalse();
    assertThatThrownBy(checker::pending)
        .as("no read to collect")
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/dev/gone");
    assertThat(h.directio.snapshot().groups()).isEmpty();
    checker.free();
    h.directio.unload();
  }

  @Test
  void pendingWithoutAReadToCollectThrowsNamingThePath() {
    DirectioChecker checker = h.init(SYNC);
    assertThatThrownBy(checker::pending)
        .as("before any check")
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/dev/fake100");
    h.context(checker).queueBatch(ok(checker));
    assertThat(checker.check()).isEqualTo(CheckResult.UP);
    assertThatThrownBy(checker::pending)
        .as("after a final answer")
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/dev/fake100");
    assertThat(h.context(checker).submits()).isEqualTo(1);
  }

  @Test
  void perPathPropertiesAreRefused() {
    assertThatThrownBy(() -> h.directio.init(FakeDevice.of(3), SYNC.withProperty("blockSize", "512")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blockSize")
        .hasMessageContaining("/dev/fake3");
  }

  @Test
  void freedCheckerThrowsAndFreeIsIdempotent() {
    DirectioChecker checker = h.init(SYNC);
    checker.free();
    checker.free();
    h.assertHolders(checker, 0, 0);
    assertThatThrownBy(checker::check)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/dev/fake100");
    assertThatThrownBy(checker::pending).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(checker::needWait).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void unloadFreesLiveCheckersAndDestroysEveryGroup() {
    SeamHarness small = new SeamHarness(2, SeamHarness.WAIT_FOR_EVERY_DESTROY);
    List<DirectioChecker> checkers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      checkers.add(small.init(ASYNC));
    }
    checkers.get(0).check();
    UnloadResult result = small.directio.unload();
    assertThat(result.isComplete()).isTrue();
    assertThat(small.kernel.destroyCalls()).isEqualTo(3);
    assertThat(small.kernel.unreleasedContexts()).isZero();
    assertThat(small.kernel.flags(100)).as("flags restored").isZero();
    for (DirectioChecker checker : checkers) {
      assertThatThrownBy(checker::check).hasMessageContaining("unload");
      checker.free();
    }
    assertThatThrownBy(() -> small.directio.init(FakeDevice.of(1), ASYNC))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(small.directio::reset).isInstanceOf(IllegalStateException.class);
    assertThat(small.directio.unload()).isSameAs(result);
    assertThat(small.directio.snapshot().ioDestroyCalls()).isEqualTo(3);
  }

  @Test
  void unloadDestroysGroupsInParallel() throws Exception {
    SeamHarness small = new SeamHarness(1, SeamHarness.WAIT_FOR_EVERY_DESTROY);
    int groups = 8;
    for (int i = 0; i < groups; i++) {
      small.init(ASYNC);
    }
    // Each io_destroy waits until all of them have started: only parallel calls get past it.
    CountDownLatch allStarted = new CountDownLatch(groups);
    List<Boolean> sawAll = new ArrayList<>();
    for (FakeAioContext context : small.kernel.contexts()) {
      context.onDestroy(
          () -> {
            allStarted.countDown();
            try {
              boolean all = allStarted.await(60, TimeUnit.SECONDS);
              synchronized (sawAll) {
                sawAll.add(all);
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
    assertThat(small.directio.unload().isComplete()).isTrue();
    assertThat(sawAll).hasSize(groups).containsOnly(true);
  }

  @Test
  void unloadDefersAGroupStuckOnAHungDeviceWithoutBlockingTheOthers() throws Exception {
    SeamHarness small = new SeamHarness(1, 0);
    DirectioChecker hung = small.init(SeamHarness.async(Duration.ofSeconds(5)));
    DirectioChecker healthy = small.init(ASYNC);
    assertThat(hung.check().state()).isEqualTo(PathState.PENDING);
    small.clock.advance(Duration.ofSeconds(10));
    assertThat(hung.pending().state()).isEqualTo(PathState.DOWN);
    assertThat(healthy).isNotNull();
    CountDownLatch deviceAnswers = new CountDownLatch(1);
    FakeAioContext hungContext = small.context(hung);
    hungContext.holdDestroy(deviceAnswers);

    UnloadResult result = small.directio.unload();

    assertThat(result.isComplete()).isFalse();
    assertThat(result.outstanding())
        .singleElement()
        .asString()
        .contains("aio group " + hung.group().id())
        .contains("1 read in flight")
        .contains("/dev/fake100");
    assertThat(small.context(healthy).isReleased()).isTrue();
    assertThat(hungContext.isReleased()).isFalse();
    assertThat(small.directio.snapshot().groupsBeingDestroyed()).isEqualTo(1);
    assertThat(result.released().toCompletableFuture()).isNotDone();

    deviceAnswers.countDown();
    result.released().toCompletableFuture().get(60, TimeUnit.SECONDS);
    assertThat(hungContext.isReleased()).isTrue();
    assertThat(small.directio.snapshot().groupsBeingDestroyed()).isZero();
  }

  @Test
  void resetKeepsGroupsWithLiveCheckersAndTheyKeepWorking() {
    SeamHarness small = new SeamHarness(1, SeamHarness.WAIT_FOR_EVERY_DESTROY);
    DirectioChecker live = small.init(SYNC);
    DirectioChecker freed = small.init(SYNC);
    DirectioChecker orphaned = small.init(ASYNC);
    freed.free();
    orphaned.check();
    orphaned.free();
    small.directio.reset();
    assertThat(small.directio.snapshot().groups())
        .singleElement()
        .satisfies(group -> assertThat(group.id()).isEqualTo(live.group().id()));
    assertThat(small.kernel.destroyCalls()).isEqualTo(2);
    small.context(live).queueBatch(ok(live));
    assertThat(live.check().state()).isEqualTo(PathState.UP);
  }
}
