package io.github.pathcheck.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.CheckerMessages;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.fixtures.FakeDevice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bounds of a {@link PathChecker} whose checks block, on the scripted class's {@code gated} checkers: their
 * checks hang, ignoring interrupts, until the test opens the gate (a hung device that comes back). Waits are on
 * what the path checker answers and on completion stages, each with a deadline only to fail a hung test.
 */
class PooledPathCheckerTest {
  private static final Duration CHECK_TIMEOUT = Duration.ofMillis(200);
  private static final Duration HANG = Duration.ofSeconds(30);

  private CheckerRegistry registry;
  private CountDownLatch gate;

  @BeforeEach
  void setUp() {
    ScriptedCheckerProvider.resetCounters();
    gate = new CountDownLatch(1);
    ScriptedCheckerProvider.gate = gate;
    registry = CheckerRegistry.builder().build();
  }

  @AfterEach
  void tearDown() {
    gate.countDown(); // never leave a pool thread hanging for the next test
    registry.close();
    assertThat(registry.whenUnloadsReleased().toCompletableFuture()).succeedsWithin(HANG);
    assertThat(ScriptedCheckerProvider.violations).isEmpty();
  }

  private static CheckerOptions gatedSync() {
    return CheckerOptions.defaults()
        .withMode(CheckMode.SYNC)
        .withTimeout(CHECK_TIMEOUT)
        .withProperty("gated", "true");
  }

  /** Waits for {@code condition}, which a pool thread makes true; fails the test if it does not come. */
  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + HANG.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("never came: %s", what);
      }
      TimeUnit.MILLISECONDS.sleep(1); // polling observable state under a deadline
    }
  }

  @Test
  void aHungCheckTimesOutThenOneFreshCheckerIsTriedThenThePathAnswersTimeoutUntilTheCallsReturn()
      throws Exception {
    Path path = Path.of("/dev/sdhang");
    try (CheckerHandle handle = registry.acquire("scripted");
        PathChecker checker = handle.init(new FakeDevice(path, 3), gatedSync())) {
      ScriptedCheckerProvider.ScriptedChecker stuck = ScriptedCheckerProvider.checker(path);
      assertThat(ScriptedCheckerProvider.inits).hasValue(1);

      // The check hangs on the pool: pending, then timeout once the checker timeout has passed.
      assertThat(checker.check()).isEqualTo(CheckResult.PENDING);
      assertThat(checker.needWait()).isTrue();
      CheckResult timedOut = checker.awaitAnswer(HANG);
      assertThat(timedOut.state()).isEqualTo(PathState.TIMEOUT);
      assertThat(handle.stuckChecks()).isEqualTo(1);
      assertThat(stuck.isFreed()).as("freed only when its call returns").isFalse();

      // The next check inits a fresh checker on the pool and checks with it: that one hangs too.
      assertThat(checker.check()).isEqualTo(CheckResult.PENDING);
      await("a second gated check", () -> ScriptedCheckerProvider.gatedChecks.get() == 2);
      assertThat(ScriptedCheckerProvider.inits).hasValue(2);
      ScriptedCheckerProvider.ScriptedChecker fresh = ScriptedCheckerProvider.checker(path);
      assertThat(fresh).isNotSameAs(stuck);
      assertThat(checker.awaitAnswer(HANG).state()).isEqualTo(PathState.TIMEOUT);

      // One running and one abandoned: every check answers timeout at once and starts nothing.
      for (int i = 0; i < 3; i++) {
        assertThat(checker.check()).isEqualTo(timedOut);
        assertThat(checker.pending()).isEqualTo(timedOut);
      }
      assertThat(checker.needWait()).isFalse();
      assertThat(ScriptedCheckerProvider.inits).hasValue(2);
      assertThat(ScriptedCheckerProvider.gatedChecks).hasValue(2);
      assertThat(handle.stuckChecks()).as("the second check is not abandoned a second time").isEqualTo(1);

      // The device comes back: the abandoned checker is freed when its call returns. The running check, past its
      // deadline, answers timeout until its call returns; if the abandoned call returned first, a poll abandons
      // the running one in turn and the next check starts afresh. Either way a host checking again sees it up.
      gate.countDown();
      await("the abandoned checker freed", stuck::isFreed);
      await("the path answering up again", () -> checker.check().state() == PathState.UP);
      CheckResult answer = checker.checkAndWait();
      assertThat(answer.state()).isEqualTo(PathState.UP);
      assertThat(answer.message()).isEqualTo(CheckerMessages.PATH_UP);
    }
    // The host closed the path checker: every checker the path used is freed (on the pool, or as calls return).
    assertThat(registry.whenUnloadsReleased().toCompletableFuture()).succeedsWithin(HANG);
    assertThat(ScriptedCheckerProvider.frees.get()).isEqualTo(ScriptedCheckerProvider.inits.get());
  }

  @Test
  void aHungCheckDoesNotHoldOtherPathsOfItsClass() throws Exception {
    Path hung = Path.of("/dev/sdhung1");
    Path fine = Path.of("/dev/sdfine1");
    try (CheckerHandle handle = registry.acquire("scripted");
        PathChecker hungChecker = handle.init(new FakeDevice(hung, 3), gatedSync());
        PathChecker fineChecker =
            handle.init(new FakeDevice(fine, 3), CheckerOptions.defaults().withMode(CheckMode.SYNC))) {
      assertThat(hungChecker.check()).isEqualTo(CheckResult.PENDING);
      await("the hung check started", () -> ScriptedCheckerProvider.gatedChecks.get() == 1);
      assertThat(fineChecker.checkAndWait()).isEqualTo(CheckResult.of(PathState.UP, CheckerMessages.PATH_UP));
      assertThat(hungChecker.pending()).as("still in time or timed out, never answered")
          .matches(result -> result.isPending() || result.state() == PathState.TIMEOUT);
    }
  }

  @Test
  void closingTheRegistryWithAHungCheckReturnsAndReleasesOnlyOnceTheCallReturns() throws Exception {
    Path path = Path.of("/dev/sdhang2");
    CheckerHandle handle = registry.acquire("scripted");
    PathChecker checker = handle.init(new FakeDevice(path, 3), gatedSync());
    ScriptedCheckerProvider.ScriptedChecker stuck = ScriptedCheckerProvider.checker(path);
    assertThat(checker.check()).isEqualTo(CheckResult.PENDING);
    await("the hung check started", () -> ScriptedCheckerProvider.gatedChecks.get() == 1);

    registry.close(); // returns, the call still hung
    assertThat(ScriptedCheckerProvider.unloads).hasValue(1);
    CompletableFuture<Void> released = registry.whenUnloadsReleased().toCompletableFuture();
    assertThat(released).as("deferred by the call still running").isNotDone();
    assertThatThrownBy(checker::check)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(path.toString());
    checker.close(); // the running call frees its checker when it returns
    handle.close(); // invalid now: drops nothing
    assertThat(released).isNotDone();
    assertThat(stuck.isFreed()).isFalse();

    gate.countDown();
    assertThat(released).succeedsWithin(HANG);
    assertThat(stuck.isFreed()).isTrue();
    assertThat(ScriptedCheckerProvider.frees).hasValue(1);
  }

  @Test
  void anUnloadWithAHungCheckIsDeferredNamingTheCallAndReleasedWhenItReturns() throws Exception {
    Path path = Path.of("/dev/sdhang3");
    CheckerHandle handle = registry.acquire("scripted");
    LoadedClass loaded = handle.loadedClass();
    PathChecker checker = handle.init(new FakeDevice(path, 3), gatedSync());
    assertThat(checker.check()).isEqualTo(CheckResult.PENDING);
    await("the hung check started", () -> ScriptedCheckerProvider.gatedChecks.get() == 1);

    io.github.pathcheck.api.UnloadResult result = loaded.unload();
    assertThat(result.isComplete()).isFalse();
    assertThat(result.outstanding())
        .singleElement()
        .asString()
        .contains("check of " + path)
        .contains("scripted")
        .contains("running since");
    CompletableFuture<Void> released = result.released().toCompletableFuture();
    assertThat(released).isNotDone();

    gate.countDown();
    assertThat(released).succeedsWithin(HANG);
    checker.close();
    handle.close();
  }

  @Test
  void aFreeStillQueuedBehindAHungCheckDefersTheUnloadToo() throws Exception {
    Path hung = Path.of("/dev/sdhang4");
    Path idle = Path.of("/dev/sdidle4");
    try (CheckerRegistry oneThread = CheckerRegistry.builder().checkThreads(1).build()) {
      CheckerHandle handle = oneThread.acquire("scripted");
      LoadedClass loaded = handle.loadedClass();
      PathChecker idleChecker =
          handle.init(new FakeDevice(idle, 3), CheckerOptions.defaults().withMode(CheckMode.SYNC));
      ScriptedCheckerProvider.ScriptedChecker idleScripted = ScriptedCheckerProvider.checker(idle);
      PathChecker hungChecker = handle.init(new FakeDevice(hung, 3), gatedSync());
      assertThat(hungChecker.check()).isEqualTo(CheckResult.PENDING);
      await("the hung check started", () -> ScriptedCheckerProvider.gatedChecks.get() == 1);
      idleChecker.close(); // its free waits behind the hung check for the pool's one thread

      io.github.pathcheck.api.UnloadResult result = loaded.unload();
      assertThat(result.outstanding())
          .anySatisfy(line -> assertThat(line).contains("check of " + hung).contains("running since"))
          .anySatisfy(line -> assertThat(line).contains("free of " + idle).contains("queued"));
      CompletableFuture<Void> released = result.released().toCompletableFuture();
      assertThat(released).isNotDone();
      assertThat(idleScripted.isFreed()).isFalse();

      gate.countDown();
      assertThat(released).succeedsWithin(HANG);
      assertThat(idleScripted.isFreed()).as("freed before the unload counts as released").isTrue();
      hungChecker.close();
      handle.close();
    }
  }

  @Test
  void theDeviceIsReleasedOnlyOnceTheStuckCallsHaveReturned() throws Exception {
    Path path = Path.of("/dev/sdrelease");
    try (CheckerHandle handle = registry.acquire("scripted")) {
      PathChecker checker = handle.init(new FakeDevice(path, 3), gatedSync());
      assertThat(checker.check()).isEqualTo(CheckResult.PENDING);
      assertThat(checker.awaitAnswer(HANG).state()).isEqualTo(PathState.TIMEOUT);
      assertThat(checker.check()).as("a fresh checker is tried").isEqualTo(CheckResult.PENDING);
      assertThat(checker.released().toCompletableFuture().isDone()).as("not before close").isFalse();

      checker.close();
      assertThat(checker.released().toCompletableFuture().isDone())
          .as("two calls still use the device after close")
          .isFalse();

      gate.countDown();
      assertThat(checker.released().toCompletableFuture()).succeedsWithin(HANG);
      assertThat(ScriptedCheckerProvider.frees).as("both checkers of the path freed").hasValue(2);
    }
  }

  @Test
  void anIdlePathIsReleasedSoonAfterClose() throws Exception {
    try (CheckerHandle handle = registry.acquire("scripted")) {
      PathChecker checker =
          handle.init(new FakeDevice(Path.of("/dev/sdidle"), 3), gatedSync().withProperty("gated", "false"));
      assertThat(checker.checkAndWait().state()).isEqualTo(PathState.UP);
      checker.close();
      assertThat(checker.released().toCompletableFuture()).succeedsWithin(HANG);
      assertThat(ScriptedCheckerProvider.frees).hasValue(1);
    }
  }

  @Test
  void aPendingAnswerThatACheckReturnedIsFinalForCheckAndWait() throws Exception {
    CheckerOptions transitioning =
        CheckerOptions.defaults()
            .withMode(CheckMode.SYNC)
            .withTimeout(Duration.ofSeconds(5))
            .withProperty("answer", "pending");
    try (CheckerHandle handle = registry.acquire("scripted");
        PathChecker checker = handle.init(FakeDevice.of("/dev/sdtransitioning"), transitioning)) {
      CheckResult answer = checker.checkAndWait();
      assertThat(answer.state()).isEqualTo(PathState.PENDING);
      assertThat(answer.message()).isEqualTo(CheckerMessages.forState(PathState.PENDING));
      assertThat(handle.stuckChecks()).isZero();
    }
  }

  @Test
  void theSharedWaitPassesOverACheckerClosedMeanwhile() throws Exception {
    try (CheckerHandle handle = registry.acquire("scripted")) {
      PathChecker removed = handle.init(FakeDevice.of("/dev/sdremoved"), gatedSync());
      PathChecker kept = handle.init(FakeDevice.of("/dev/sdkept"), gatedSync());
      try {
        assertThat(removed.check().isPending()).isTrue();
        assertThat(kept.check().isPending()).isTrue();
        removed.close(); // a host removes the path while the round that checked it is still running
        gate.countDown();
        PathChecker.awaitAnswers(List.of(removed, kept), HANG);
        assertThat(kept.pending().state()).isEqualTo(PathState.UP);
      } finally {
        kept.close();
      }
    }
  }
}
