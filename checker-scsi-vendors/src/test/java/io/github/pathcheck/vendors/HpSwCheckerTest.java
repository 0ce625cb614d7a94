package io.github.pathcheck.vendors;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.fixtures.FakeDevice;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HpSwCheckerTest {
  private final FakeScsiTransport transport = new FakeScsiTransport();
  private final CheckerClass hpSw = HpSwCheckerProvider.load(Map.of(), transport);
  private final FakeDevice device = FakeDevice.of("/dev/sdh");

  @Test
  void sendsTheSerialNumberInquiryThenTestUnitReady() throws Exception {
    try (Freed checker = new Freed(hpSw.init(device, CheckerOptions.defaults()))) {
      assertThat(checker.check()).isEqualTo(CheckResult.UP);
    }
    assertThat(transport.sentTo(device)).containsExactly(HpSwProbe.SERIAL_NUMBER, HpSwProbe.TEST_UNIT_READY);
    assertThat(HpSwProbe.SERIAL_NUMBER.cdb()).containsExactly(0x12, 1, 0x80, 0, 0xff, 0);
  }

  @Test
  void aStandbyControllerIsGhostAndAFailedInquirySendsNothingMore() throws Exception {
    transport.answer(device, HpSwProbe.TEST_UNIT_READY, Sg.checkCondition(0x2, 0x04, 0x0b));
    try (Freed checker = new Freed(hpSw.init(device, CheckerOptions.defaults()))) {
      assertThat(checker.check()).isEqualTo(CheckResult.GHOST);

      transport.answer(device, HpSwProbe.SERIAL_NUMBER, Sg.hostStatus(0x01));
      assertThat(checker.check()).isEqualTo(CheckResult.DOWN);
    }
    assertThat(transport.sentTo(device))
        .containsExactly(HpSwProbe.SERIAL_NUMBER, HpSwProbe.TEST_UNIT_READY, HpSwProbe.SERIAL_NUMBER);
  }

  @Test
  void aProbeThatThrowsAnswersUnchecked() throws Exception {
    CheckerClass broken =
        HpSwCheckerProvider.load(
            Map.of(),
            (d, c, t) -> {
              throw new IllegalStateException("simulated transport bug");
            });
    try (Freed checker = new Freed(broken.init(device, CheckerOptions.defaults()))) {
      assertThat(checker.check()).isEqualTo(CheckResult.UNCHECKED);
    }
  }
}
