package io.github.pathcheck.testkit;

import static io.github.pathcheck.testkit.CheckerContractKit.MARGIN;
import static io.github.pathcheck.testkit.KitFixture.assertFinalMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.PathState;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The contracts of {@link CheckerContractKit} on the asynchronous protocol: a pending answer resolves through
 * {@code pending()} within the checker timeout plus the kit's margin, a class that awaited its answers leaves
 * none pending, synchronous checks never pend, and an asynchronous check starts no second read while one is in
 * flight.
 */
final class AsyncProtocolContracts {
  private final KitFixture fixture;

  AsyncProtocolContracts(KitFixture fixture) {
    this.fixture = fixture;
  }

  void pendingResolvesWithinTheTimeout() throws Exception {
    CheckerClass checkerClass = fixture.load();
    Checker checker = fixture.init(checkerClass, fixture.checkerOptions().withMode(CheckMode.ASYNC));
    for (int round = 0; round < 3; round++) {
      CheckResult first = checker.check();
      assertThat(first).as("check() in ASYNC mode").isNotNull();
      if (!checkerClass.isAsyncCapable()) {
        assertThat(first.state())
            .as("check() of a class that is not async-capable, asked for ASYNC mode")
            .isNotEqualTo(PathState.PENDING);
      }
      CheckResult answer = fixture.awaitFinal(checker, first);
      assertThat(answer.state())
          .as("the resolved state, round %d (%s)", round, answer)
          .isEqualTo(fixture.expectedState());
      assertThat(checker.needWait()).as("needWait() once the answer is in").isFalse();
    }
  }

  void awaitAnswersLeavesNoAnswerPendingWhenItWaited() throws Exception {
    CheckerClass checkerClass = fixture.load();
    Checker checker = fixture.init(checkerClass, fixture.checkerOptions().withMode(CheckMode.ASYNC));
    for (int round = 0; round < 3; round++) {
      CheckResult first = checker.check();
      assertThat(first).as("check() in ASYNC mode").isNotNull();
      if (!first.isPending()) {
        assertThat(first.state()).as("check(), round %d", round).isEqualTo(fixture.expectedState());
        continue;
      }
      Duration wait = fixture.answerBound();
      if (!checkerClass.awaitAnswers(wait)) {
        break; // it cannot tell: polling resolves the check, as pendingResolvesWithinTheTimeout proves
      }
      CheckResult answer = checker.pending();
      assertThat(answer).as("pending() after awaitAnswers(%s) returned true, round %d", wait, round).isNotNull();
      assertThat(answer.state())
          .as("pending() after awaitAnswers(%s) returned true, round %d", wait, round)
          .isEqualTo(fixture.expectedState());
    }
    checker.free();
    checkerClass.unload();
    // After unload there is nothing to wait for: an hour's wait must return at once (within the margin).
    assertTimeoutPreemptively(
        MARGIN,
        () -> checkerClass.awaitAnswers(Duration.ofHours(1)),
        "awaitAnswers() after unload() must return at once");
  }

  void syncModeNeverAnswersPending() throws Exception {
    Checker checker = fixture.init(fixture.load(), fixture.checkerOptions().withMode(CheckMode.SYNC));
    for (int round = 0; round < 3; round++) {
      CheckResult answer = checker.check();
      assertThat(answer).as("check() in SYNC mode, round %d", round).isNotNull();
      assertThat(answer.state()).as("check() in SYNC mode, round %d", round).isEqualTo(fixture.expectedState());
      assertFinalMessage(answer, "check() in SYNC mode");
      assertThat(checker.needWait())
          .as("needWait() after a final answer in SYNC mode, round %d: no check is in flight (rule: needWait() is"
              + " true only for a check started and not looked at since; fix: clear the flag when a check"
              + " answers, whatever the mode)", round)
          .isFalse();
    }
  }

  void oneReadInFlightPerChecker() throws Exception {
    Assumptions.assumeTrue(
        fixture.isAsyncCapable(), "the class is not asynchronous-capable: the framework runs one check at a time");
    if (fixture.deviceScenarios().stream().noneMatch(DeviceScenario::hangs)) {
      Optional<String> missing = HangingDevice.unavailableReason();
      Assumptions.assumeTrue(
          missing.isEmpty(),
          () -> "deviceScenarios() leaves out the hanging device, on which the kit counts reads, and this"
              + " machine cannot make one: it needs "
              + missing.orElse("")
              + "; run the contract where it can to prove one read in flight per checker");
    }
    DeviceScenario scenario = DeviceScenario.hangingDevice();
    TestDevice device = fixture.scenarioDevice(scenario);
    HangingDevice hangs = ((DeviceScenario.HangingTestDevice) device).hanging();
    hangs.release();
    CheckerClass checkerClass = fixture.load();
    Checker checker = fixture.init(checkerClass, device, fixture.checkerOptions().withMode(CheckMode.ASYNC));
    fixture.resolve(checker); // what a first check sets up once
    long beforeOne = hangs.reads();
    CheckResult answered = fixture.resolve(checker);
    long oneCheck = hangs.reads() - beforeOne;
    // No read to count is no fault of the checker: it answers wild for a device it does not support (ana on a
    // file), or a cache between it and the device answers (a loop device's reads of its backing file).
    Assumptions.assumeTrue(
        oneCheck > 0,
        () -> "a check of the " + fixture.checkerName() + " checker, which answered " + answered + ", did not"
            + " reach " + scenario.name() + ": the kit cannot count its reads");
    hangs.hang();
    long beforeStuck = hangs.reads();
    BoundedCalls calls = new BoundedCalls(fixture, scenario);
    int calledWhileInFlight = 0;
    try {
      CheckResult first = calls.within("check()", checker::check);
      assertThat(first).as("check() on %s must answer a result, not null", scenario.name()).isNotNull();
      if (!first.isPending()) {
        fail("check() of the asynchronous-capable " + fixture.checkerName() + " checker answered " + first
            + " at once on " + scenario.name() + ", which holds every read, though each of its checks reads the"
            + " device (rule: in ASYNC mode a check whose read has not returned answers pending, and pending()"
            + " answers once the read returns or the timeout passes; fix: start the read in probe() and answer"
            + " pending until poll() collects it)");
      }
      for (int i = 0; i < 3; i++) {
        calls.within("check() while a check is in flight", checker::check);
        calls.within("pending() while a check is in flight", checker::pending);
        calledWhileInFlight++;
      }
    } finally {
      calls.close();
      hangs.release();
    }
    fixture.awaitFinal(checker, CheckResult.PENDING);
    checker.free();
    // every read it started has returned, so the device received it
    fixture.awaitReleased(fixture.unload(checkerClass));
    long reads = hangs.reads() - beforeStuck;
    if (reads > oneCheck) {
      fail("the " + fixture.checkerName() + " checker read " + scenario.name() + " " + reads + " times for one"
          + " check and " + calledWhileInFlight + " calls of check() and pending() while that check's read was in"
          + " flight; a check reads it " + oneCheck + " time(s) (rule: one read in flight per checker: while a"
          + " check is in flight, check() answers for it and starts nothing; fix: keep the check in flight in"
          + " the checker and, in probe() or check(), answer pending while it runs)");
    }
  }
}
