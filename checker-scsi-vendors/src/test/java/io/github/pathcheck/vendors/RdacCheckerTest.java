package io.github.pathcheck.vendors;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.fixtures.FakeDevice;
import io.github.pathcheck.nativeio.scsi.HostStatus;
import io.github.pathcheck.nativeio.scsi.ScsiCommand;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RdacCheckerTest {
  private final FakeScsiTransport transport = new FakeScsiTransport();
  private final CheckerClass rdac = RdacCheckerProvider.load(Map.of(), transport);
  private final FakeDevice device = FakeDevice.of("/dev/sdr");

  @Test
  void initSetsAClearChangeableTasWithModeSelect() throws Exception {
    transport.answer(device, RdacProbe.CONTROL_PAGE, Sg.good(RdacModePageTest.controlPage(0, 0, true)));
    transport.answer(device, RdacProbe.CONTROL_PAGE_CHANGEABLE, Sg.good(RdacModePageTest.controlPage(0, 0x40, false)));

    rdac.init(device, CheckerOptions.defaults()).free();

    assertThat(transport.sentTo(device)).hasSize(3);
    assertThat(transport.sentTo(device).get(0).cdb()).containsExactly(0x5a, 0x08, 0x0a, 0, 0, 0, 0, 0, 0xff, 0);
    assertThat(transport.sentTo(device).get(1).cdb()).containsExactly(0x5a, 0x08, 0x4a, 0, 0, 0, 0, 0, 0xff, 0);
    ScsiCommand select = transport.sentTo(device).get(2);
    assertThat(select.cdb()).containsExactly(0x55, 0x11, 0, 0, 0, 0, 0, 0, 20, 0);
    assertThat(select.dataOut()[13]).isEqualTo((byte) 0x40);
  }

  @Test
  void initLeavesASetTasAloneAndSurvivesADeviceWithoutScsi() throws Exception {
    transport.answer(device, RdacProbe.CONTROL_PAGE, Sg.good(RdacModePageTest.controlPage(0, 0x40, true)));
    transport.answer(device, RdacProbe.CONTROL_PAGE_CHANGEABLE, Sg.good(RdacModePageTest.controlPage(0, 0x40, false)));
    rdac.init(device, CheckerOptions.defaults()).free();
    assertThat(transport.sentTo(device)).hasSize(2);

    FakeDevice file = FakeDevice.of("/tmp/disk.img");
    transport.answer(file, RdacProbe.CONTROL_PAGE, Sg.errno(25));
    transport.answer(file, RdacProbe.VOLUME_ACCESS, Sg.errno(25));
    try (Freed checker = new Freed(rdac.init(file, CheckerOptions.defaults()))) {
      assertThat(checker.check()).isEqualTo(CheckResult.UNSUPPORTED_DEVICE);
    }
    assertThat(transport.sentTo(file)).containsExactly(RdacProbe.CONTROL_PAGE, RdacProbe.VOLUME_ACCESS);
  }

  @Test
  void transientHostStatusesAreRetriedFiveTimesInAll() throws Exception {
    try (Freed checker = new Freed(rdac.init(device, CheckerOptions.defaults()))) {
      transport.answer(
          device,
          RdacProbe.VOLUME_ACCESS,
          Sg.hostStatus(HostStatus.DID_BUS_BUSY),
          Sg.hostStatus(HostStatus.DID_SOFT_ERROR),
          Sg.good(RdacPages.page(0, 0x01, 0, 0, 0)));
      assertThat(checker.check()).isEqualTo(CheckResult.UP);

      transport.answer(device, RdacProbe.VOLUME_ACCESS, Sg.hostStatus(HostStatus.DID_TRANSPORT_DISRUPTED));
      assertThat(checker.check()).isEqualTo(CheckResult.of(PathState.DOWN, RdacDecoder.INQUIRY_FAILED));

      transport.answer(device, RdacProbe.VOLUME_ACCESS, Sg.hostStatus(HostStatus.DID_NO_CONNECT));
      assertThat(checker.check()).isEqualTo(CheckResult.of(PathState.DOWN, RdacDecoder.INQUIRY_FAILED));
    }
    long inquiries = transport.sentTo(device).stream().filter(RdacProbe.VOLUME_ACCESS::equals).count();
    assertThat(inquiries).as("3, then 5, then 1 (DID_NO_CONNECT is final)").isEqualTo(9);
    assertThat(Collections.frequency(transport.sentTo(device), RdacProbe.VOLUME_ACCESS)).isEqualTo(9);
  }
}
