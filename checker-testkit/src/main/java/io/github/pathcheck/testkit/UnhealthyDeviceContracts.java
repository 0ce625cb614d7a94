package io.github.pathcheck.testkit;

import static io.github.pathcheck.testkit.CheckerContractKit.MARGIN;
import static io.github.pathcheck.testkit.KitFixture.POLL_NANOS;
import static io.github.pathcheck.testkit.KitFixture.assertFinalMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerInitException;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.UnloadResult;
import io.github.pathcheck.loader.CheckerHandle;
import io.github.pathcheck.loader.CheckerRegistry;
import io.github.pathcheck.loader.PathChecker;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;

/**
 * The contracts of {@link CheckerContractKit} on unhealthy devices ({@link CheckerContractKit#deviceScenarios()}):
 * on each, through the framework as a host checks and, for an asynchronous-capable class, directly, answers are
 * never null, never thrown, final within the timeout and among the scenario's expected ones; an unload with a
 * check in flight returns, every call after it throws, its release completes once the device answers, and
 * nothing is left behind.
 */
final class UnhealthyDeviceContracts {
  private final KitFixture fixture;

  UnhealthyDeviceContracts(KitFixture fixture) {
    this.fixture = fixture;
  }

  List<DynamicTest> unhealthyDevicesThroughTheFramework() {
    return fixture.deviceScenarios().stream()
        .map(s -> DynamicTest.dynamicTest(s.name(), () -> throughTheFramework(s)))
        .collect(Collectors.toList());
  }

  List<DynamicTest> unhealthyDevicesAsynchronously() {
    return fixture.deviceScenarios().stream()
        .map(s -> DynamicTest.dynamicTest(s.name(), () -> asynchronously(s)))
        .collect(Collectors.toList());
  }

  private void throughTheFramework(DeviceScenario scenario) throws Exception {
    String name = fixture.provider().name();
    TestDevice device = fixture.scenarioDevice(scenario);
    ResourceSnapshot before = ResourceSnapshot.take();
    CheckerRegistry registry = KitRegistries.of(fixture.provider(), fixture.classOptions(), fixture.scratchDirectory());
    fixture.track(registry);
    CheckerHandle handle = registry.acquire(name);
    fixture.track(handle);
    PathChecker checker;
    try {
      checker = handle.init(device, fixture.checkerOptions());
    } catch (CheckerInitException e) {
      assertThat(e.getMessage())
          .as("the message of init's CheckerInitException on %s", scenario.name())
          .contains(device.path().toString());
      return;
    }
    fixture.track(checker);
    for (int round = 0; round < 2; round++) {
      CheckResult answer = checker.checkAndWait();
      assertAnswer(answer, scenario, "PathChecker.checkAndWait(), round " + round);
    }
    // Unload with a check in flight (stuck, on a hanging device): it returns, and everything after it throws.
    checker.check();
    checker.close();
    handle.close();
    registry.close();
    assertThatIllegalStateException()
        .as("PathChecker.check() after its registry was closed (the class unloaded)")
        .isThrownBy(checker::check);
    assertReleasedMeansGone(
        registry.whenUnloadsReleased(), before, scenario, "CheckerRegistry.whenUnloadsReleased()");
    fixture.releaseHanging();
    fixture.awaitStage(checker.released(), "PathChecker.released() on " + scenario.name() + ", the device released");
    fixture.awaitStage(
        registry.whenUnloadsReleased(),
        "CheckerRegistry.whenUnloadsReleased() on " + scenario.name() + ", the device released");
    assertNothingLeft(before, scenario);
  }

  private void asynchronously(DeviceScenario scenario) throws Exception {
    Assumptions.assumeTrue(
        fixture.isAsyncCapable(), "the class is not asynchronous-capable: the framework runs its checks on its pool");
    TestDevice device = fixture.scenarioDevice(scenario);
    ResourceSnapshot before = ResourceSnapshot.take();
    CheckerClass checkerClass = fixture.load();
    Checker checker = fixture.init(checkerClass, device, fixture.checkerOptions().withMode(CheckMode.ASYNC));
    BoundedCalls calls = new BoundedCalls(fixture, scenario);
    try {
      for (int round = 0; round < 2; round++) {
        CheckResult first = calls.within("check()", checker::check);
        assertThat(first).as("check() on %s must answer a result, not null", scenario.name()).isNotNull();
        CheckResult answer =
            fixture.pollWhilePending(
                first,
                () -> calls.within("pending()", checker::pending),
                "pending() on " + scenario.name() + " must answer a result, not null",
                polls ->
                    "on "
                        + scenario.name()
                        + " the "
                        + fixture.checkerName()
                        + " checker still answered pending "
                        + fixture.answerBound().toSeconds()
                        + " s after check() (rule: an asynchronous check still in flight after the checker"
                        + " timeout is answered down or timeout, not pending forever; fix: compare the time since"
                        + " the check started with options.timeout() in poll() and answer then)");
        assertAnswer(answer, scenario, "check()/pending(), round " + round);
      }
      calls.within("check()", checker::check); // in flight, on a hanging device, when the class unloads
      UnloadResult unloaded = calls.within("CheckerClass.unload()", checkerClass::unload);
      assertThat(unloaded).as("CheckerClass.unload() result").isNotNull();
      assertEveryCallThrowsAfterUnload(checkerClass, checker, device);
      assertReleasedMeansGone(unloaded.released(), before, scenario, "UnloadResult.released()");
      fixture.releaseHanging();
      fixture.awaitReleased(unloaded);
    } finally {
      calls.close();
    }
    assertNothingLeft(before, scenario);
  }

  private void assertAnswer(CheckResult answer, DeviceScenario scenario, String call) {
    assertThat(answer).as("%s on %s must answer a result, not null", call, scenario.name()).isNotNull();
    assertThat(answer.isPending())
        .as("%s on %s answered pending: the answer must be final within the timeout", call, scenario.name())
        .isFalse();
    assertFinalMessage(answer, call + " on " + scenario.name());
    if (!scenario.expected().isEmpty()) {
      assertThat(answer.state())
          .as("%s on %s answered %s; expected one of %s", call, scenario.name(), answer, scenario.expected())
          .isIn(scenario.expected());
    }
    assertThat(answer.message())
        .as(
            "the answer %s of %s on %s names an exception: the checker threw (rule: failures of the path are"
                + " answers, never exceptions; fix: catch the I/O failure in the probe and answer down)",
            answer, call, scenario.name())
        .doesNotContain("Exception");
  }

  /**
   * While a hanging device still holds the reads: a release that says it is complete must have left nothing
   * behind but the kit's own threads. A release that waits for the reads is checked once the device answers.
   */
  private void assertReleasedMeansGone(
      CompletionStage<Void> released, ResourceSnapshot before, DeviceScenario scenario, String what) {
    if (!scenario.hangs() || !released.toCompletableFuture().isDone()) {
      return;
    }
    long deadline = System.nanoTime() + MARGIN.toNanos();
    List<String> left = leftByTheChecker(before);
    while (!left.isEmpty() && deadline - System.nanoTime() > 0) {
      LockSupport.parkNanos(POLL_NANOS);
      left = leftByTheChecker(before);
    }
    if (!left.isEmpty()) {
      fail(what + " of the " + fixture.checkerName() + " checker completed while a read of " + scenario.name()
          + " was still held, and this was still there (rule: unload() answers complete only when everything"
          + " the class started has ended, else a deferred UnloadResult naming what is busy, whose released()"
          + " completes when it has; fix: in onUnload(), return UnloadResult.deferred(...) with a stage that"
          + " completes when the reader threads have ended, for instance after awaitTermination()):\n  - "
          + String.join("\n  - ", left));
    }
  }

  private static List<String> leftByTheChecker(ResourceSnapshot before) {
    return ResourceSnapshot.take().leaksSince(before).stream()
        .filter(leak -> !leak.startsWith("thread 'pathcheck-kit-"))
        .collect(Collectors.toList());
  }

  private void assertNothingLeft(ResourceSnapshot before, DeviceScenario scenario) {
    List<String> leaks = ResourceSnapshot.leaksSince(before, MARGIN);
    if (!leaks.isEmpty()) {
      fail(
          "on "
              + scenario.name()
              + ", after unload and its release, the "
              + fixture.checkerName()
              + " checker left behind (fix: close what a check opens before the probe returns, and stop what the"
              + " class started in onUnload()):\n  - "
              + String.join("\n  - ", leaks));
    }
  }

  /** After unload: init, reset, check, pending and needWait throw IllegalStateException; free does not. */
  private void assertEveryCallThrowsAfterUnload(CheckerClass checkerClass, Checker checker, PathDevice device) {
    String fix = " (rule: every call after unload throws IllegalStateException; fix: extend AbstractCheckerClass"
        + " and AbstractChecker, or check an unloaded flag at the start of every call)";
    assertThatIllegalStateException()
        .as("CheckerClass.init() after unload()" + fix)
        .isThrownBy(() -> checkerClass.init(device, fixture.checkerOptions()));
    assertThatIllegalStateException().as("CheckerClass.reset() after unload()" + fix).isThrownBy(checkerClass::reset);
    assertThatIllegalStateException().as("Checker.check() after unload()" + fix).isThrownBy(checker::check);
    assertThatIllegalStateException().as("Checker.pending() after unload()" + fix).isThrownBy(checker::pending);
    assertThatIllegalStateException().as("Checker.needWait() after unload()" + fix).isThrownBy(checker::needWait);
    assertThatCode(checker::free)
        .as("Checker.free() after unload() is allowed and does nothing")
        .doesNotThrowAnyException();
  }
}
