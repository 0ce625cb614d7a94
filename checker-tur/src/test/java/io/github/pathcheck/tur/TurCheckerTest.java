package io.github.pathcheck.tur;

import static io.github.pathcheck.tur.Sg.checkCondition;
import static io.github.pathcheck.tur.Sg.descriptor;
import static io.github.pathcheck.tur.Sg.fixed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.fixtures.FakeDevice;
import io.github.pathcheck.nativeio.SgIoResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The synchronous probe, driven through the fake SG transport: what it sends, when, and what it answers. */
class TurCheckerTest extends TurSeamTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final CheckerOptions SYNC =
      CheckerOptions.defaults().withTimeout(TIMEOUT).withMode(CheckMode.SYNC);
  private static final SgIoResult UNIT_ATTENTION = checkCondition(fixed(0x6, 0x29, 0));

  private final FakeDevice device = FakeDevice.of("/dev/sdq");

  static Stream<Arguments> answers() {
    return Stream.of(
        Arguments.of(Sg.good(), PathState.UP, " reports path is up"),
        Arguments.of(checkCondition(fixed(0x2, 0x04, 0x0b)), PathState.GHOST, " reports path is ghost"),
        Arguments.of(
            checkCondition(descriptor(0x2, 0x04, 0x0a)), PathState.PENDING, " reports path is transitioning"),
        Arguments.of(
            checkCondition(descriptor(0x5, 0x25, 0x00)), PathState.DISCONNECTED, " no access to this device"),
        Arguments.of(checkCondition(fixed(0x3, 0x11, 0x00)), PathState.DOWN, " reports path is down"),
        Arguments.of(SgIoResult.ioctlFailed(5), PathState.DOWN, " reports path is down"),
        Arguments.of(SgIoResult.ioctlFailed(25), PathState.WILD, " doesn't support this device"),
        Arguments.of(SgIoResult.ioctlFailed(22), PathState.WILD, " doesn't support this device"));
  }

  @ParameterizedTest(name = "{1}{2}")
  @MethodSource("answers")
  void checkAnswersTheDecodedStateAndMessage(SgIoResult reply, PathState state, String message)
      throws Exception {
    transport.answer(device, reply);
    Checker checker = turClass.init(device, SYNC);

    assertThat(checker.check()).isEqualTo(CheckResult.of(state, message));
    assertThat(transport.calls(device)).isEqualTo(1);
    assertThat(transport.callers()).containsExactly(Thread.currentThread());
  }

  @Test
  void commandTimeoutIsTheCheckerTimeout() throws Exception {
    Checker checker = turClass.init(device, SYNC.withTimeout(Duration.ofMillis(2500)));

    checker.check();

    assertThat(transport.timeouts()).containsExactly(Duration.ofMillis(2500));
  }

  @Test
  void retriesRunOnTheCallingThread() throws Exception {
    transport.answer(device, UNIT_ATTENTION, UNIT_ATTENTION, Sg.good());
    Checker checker = turClass.init(device, SYNC);

    assertThat(checker.check()).isEqualTo(CheckResult.UP);
    assertThat(transport.callers()).hasSize(3).containsOnly(Thread.currentThread());
    assertThat(transport.timeouts()).containsOnly(TIMEOUT);
  }

  @Test
  void noAttemptStartsOnceTheCheckerTimeoutHasPassed() throws Exception {
    FakeTransport.Reply slowUnitAttention =
        () -> {
          clock.advance(TIMEOUT.multipliedBy(6).dividedBy(10));
          return UNIT_ATTENTION;
        };
    transport.reply(device, slowUnitAttention).reply(device, slowUnitAttention).answer(device, Sg.good());
    Checker checker = turClass.init(device, SYNC);

    assertThat(checker.check()).as("the last answer, decoded as final").isEqualTo(CheckResult.DOWN);
    assertThat(transport.calls(device)).as("0.6 timeout: retried; 1.2 timeouts: not").isEqualTo(2);
    assertThat(transport.unused(device)).isEqualTo(1);
  }

  @Test
  void attemptsRightAtTheCheckerTimeoutAreStillRetried() throws Exception {
    transport.reply(
        device,
        () -> {
          clock.advance(TIMEOUT);
          return UNIT_ATTENTION;
        });
    transport.answer(device, Sg.good());
    Checker checker = turClass.init(device, SYNC);

    assertThat(checker.check()).isEqualTo(CheckResult.UP);
    assertThat(transport.calls(device)).isEqualTo(2);
  }

  @Test
  void asynchronousModeIsCheckedSynchronouslyToo() throws Exception {
    transport.answer(device, checkCondition(fixed(0x2, 0x04, 0x0b)));
    Checker checker = turClass.init(device, SYNC.withMode(CheckMode.ASYNC));

    assertThat(turClass.isAsyncCapable()).isFalse();
    assertThat(checker.check()).isEqualTo(CheckResult.GHOST);
    assertThat(checker.needWait()).isFalse();
    assertThat(transport.callers()).containsExactly(Thread.currentThread());
  }

  @Test
  void aHungDeviceHoldsOnlyTheThreadThatChecks() throws Exception {
    FakeTransport.Gate gate = block(device, Sg.good());
    Checker checker = turClass.init(device, SYNC);

    CompletableFuture<CheckResult> answer = checkOnAnotherThread(checker);
    Thread blocked = gate.awaitEntered();

    assertThat(blocked.getName()).isEqualTo("framework-pool");
    assertThat(answer).isNotDone();
    assertThatThrownBy(checker::check)
        .as("one call at a time")
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already in a call on another thread");
    gate.release();
    assertThat(answer.get()).isEqualTo(CheckResult.UP);
    assertThat(transport.calls(device)).isEqualTo(1);
  }

  @Test
  void transitioningIsAFinalAnswerThatPendingRepeatsWithoutAsking() throws Exception {
    transport.answer(device, checkCondition(fixed(0x2, 0x04, 0x0a)));
    Checker checker = turClass.init(device, SYNC);

    CheckResult answer = checker.check();

    assertThat(answer.isPending()).isTrue();
    assertThat(answer.message()).isEqualTo(TurMessages.TRANSITIONING);
    assertThat(checker.needWait()).isFalse();
    assertThat(checker.pending()).isEqualTo(answer);
    assertThat(transport.calls(device)).isEqualTo(1);

    assertThat(checker.check()).as("a new check asks again").isEqualTo(CheckResult.UP);
    assertThat(transport.calls(device)).isEqualTo(2);
    assertThatThrownBy(checker::pending)
        .as("nothing to collect after a final answer")
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/dev/sdq");
  }

  @Test
  void aTransportThatThrowsIsUncheckedNotThrown() throws Exception {
    transport.fail(device, new IllegalStateException("simulated transport bug"));
    Checker checker = turClass.init(device, SYNC);

    assertThat(checker.check())
        .isEqualTo(CheckResult.of(PathState.UNCHECKED, " failed to initialize"));
    assertThat(checker.check()).as("the next check asks again").isEqualTo(CheckResult.UP);
  }

  @Test
  void aNativeLayerThatFailsToLinkIsUnchecked() throws Exception {
    transport.fail(device, new UnsatisfiedLinkError("simulated: no libc"));
    Checker checker = turClass.init(device, SYNC);

    assertThat(checker.check()).isEqualTo(TurChecker.FAILED);
  }

  @Test
  void deviceWithoutDescriptorIsWildWithoutAsking() throws Exception {
    FakeDevice closed = FakeDevice.of("/dev/sdz", -1);
    Checker checker = turClass.init(closed, SYNC);

    assertThat(checker.check()).isEqualTo(CheckResult.NO_USABLE_FD);
    assertThat(checker.check().message()).isEqualTo(" has no usable fd");
    assertThat(transport.calls(closed)).isZero();
  }
}
