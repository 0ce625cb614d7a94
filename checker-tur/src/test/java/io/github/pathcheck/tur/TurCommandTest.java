package io.github.pathcheck.tur;

import static io.github.pathcheck.tur.Sg.checkCondition;
import static io.github.pathcheck.tur.Sg.descriptor;
import static io.github.pathcheck.tur.Sg.fixed;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.fixtures.FakeDevice;
import io.github.pathcheck.nativeio.SgIoResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TurCommandTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final SgIoResult UNIT_ATTENTION = checkCondition(fixed(0x6, 0x29, 0x00));
  private static final SgIoResult HOST_ERROR = Sg.hostStatus(Sg.DID_ERROR, new byte[0]);

  private final FakeTransport transport = new FakeTransport();
  private final FakeDevice device = FakeDevice.of("/dev/sdx");

  private CheckResult run() {
    return TurCommand.run(transport, device, TIMEOUT, () -> false);
  }

  @Test
  void cleanAnswerTakesOneAttempt() {
    transport.answer(device, Sg.good());

    assertThat(run()).isEqualTo(CheckResult.UP);
    assertThat(transport.calls(device)).isEqualTo(1);
    assertThat(transport.timeouts()).containsExactly(TIMEOUT);
  }

  @Test
  void unitAttentionIsRetriedUntilTheDeviceSettles() {
    transport.answer(device, UNIT_ATTENTION, UNIT_ATTENTION, UNIT_ATTENTION, UNIT_ATTENTION, Sg.good());

    assertThat(run()).isEqualTo(CheckResult.UP);
    assertThat(transport.calls(device)).isEqualTo(5);
  }

  @Test
  void fiveUnitAttentionsAreDown() {
    transport.answer(device, UNIT_ATTENTION, UNIT_ATTENTION, UNIT_ATTENTION, UNIT_ATTENTION, UNIT_ATTENTION);
    transport.answer(device, Sg.good());

    assertThat(run()).isEqualTo(CheckResult.DOWN);
    assertThat(transport.calls(device)).isEqualTo(5);
    assertThat(transport.unused(device)).as("no sixth attempt").isEqualTo(1);
  }

  @Test
  void hostErrorsAreRetriedUntilTheDeviceAnswers() {
    transport.answer(
        device, HOST_ERROR, HOST_ERROR, checkCondition(descriptor(0x2, 0x04, 0x0b)), Sg.good());

    assertThat(run()).isEqualTo(CheckResult.GHOST);
    assertThat(transport.calls(device)).isEqualTo(3);
  }

  @Test
  void lastHostErrorIsDecodedFromItsSense() {
    SgIoResult standbyWithHostError = Sg.hostStatus(Sg.DID_ERROR, fixed(0x2, 0x04, 0x0b));
    transport.answer(device, HOST_ERROR, HOST_ERROR, HOST_ERROR, HOST_ERROR, standbyWithHostError);

    assertThat(run()).isEqualTo(CheckResult.GHOST);
    assertThat(transport.calls(device)).isEqualTo(5);
  }

  @Test
  void fiveHostErrorsWithoutSenseAreDown() {
    transport.answer(device, HOST_ERROR, HOST_ERROR, HOST_ERROR, HOST_ERROR, HOST_ERROR, Sg.good());

    assertThat(run()).isEqualTo(CheckResult.DOWN);
    assertThat(transport.calls(device)).isEqualTo(5);
  }

  @Test
  void bothRetryReasonsShareOneBudget() {
    transport.answer(device, HOST_ERROR, UNIT_ATTENTION, HOST_ERROR, UNIT_ATTENTION, UNIT_ATTENTION);
    transport.answer(device, Sg.good());

    assertThat(run()).isEqualTo(CheckResult.DOWN);
    assertThat(transport.calls(device)).isEqualTo(5);
  }

  @Test
  void finalAnswersAreNotRetried() {
    for (SgIoResult answer :
        new SgIoResult[] {
          SgIoResult.ioctlFailed(25),
          SgIoResult.ioctlFailed(5),
          checkCondition(fixed(0x2, 0x04, 0x0a)),
          checkCondition(fixed(0x5, 0x25, 0x00)),
          checkCondition(fixed(0x3, 0x11, 0x00)),
          Sg.hostStatus(0x01, new byte[0])
        }) {
      FakeTransport once = new FakeTransport().answer(device, answer);

      TurCommand.run(once, device, TIMEOUT, () -> false);

      assertThat(once.calls(device)).as("%s", answer).isEqualTo(1);
    }
  }

  @Test
  void noFurtherAttemptPastTheDeadline() {
    transport.answer(device, UNIT_ATTENTION, Sg.good());

    CheckResult answer = TurCommand.run(transport, device, TIMEOUT, () -> true);

    assertThat(answer).isEqualTo(CheckResult.DOWN);
    assertThat(transport.calls(device)).isEqualTo(1);
  }

  @Test
  void pastTheDeadlineTheLastAnswerIsDecodedFromItsSense() {
    transport.answer(device, Sg.hostStatus(Sg.DID_ERROR, fixed(0x2, 0x04, 0x0b)), Sg.good());

    assertThat(TurCommand.run(transport, device, TIMEOUT, () -> true)).isEqualTo(CheckResult.GHOST);
    assertThat(transport.calls(device)).isEqualTo(1);
  }
}
