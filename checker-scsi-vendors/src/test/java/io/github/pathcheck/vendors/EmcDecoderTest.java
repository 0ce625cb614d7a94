package io.github.pathcheck.vendors;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.PathState;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EmcDecoderTest {
  private static CheckResult down(String message) {
    return CheckResult.of(PathState.DOWN, message);
  }

  @Test
  void aHealthyBoundPageGoesOnWithItsWwnAndRole() {
    byte[] active = EmcPages.page(2, 0x60);

    assertThat(EmcDecoder.decodeInquiry(Sg.good(active))).isNull();
    assertThat(EmcDecoder.active(active)).isTrue();
    assertThat(EmcDecoder.active(EmcPages.page(1, 0x60))).isFalse();
    byte[] wwn = new byte[16];
    Arrays.fill(wwn, (byte) 0x60);
    assertThat(EmcDecoder.wwn(active)).containsExactly(wwn);
    assertThat(EmcDecoder.decodePage(EmcPages.with(EmcPages.page(1, 0), 28, 6))).as("ALUA mode").isNull();
    assertThat(EmcDecoder.decodePage(EmcPages.with(EmcPages.page(1, 0), 28, 0xf4))).as("low 3 bits").isNull();
  }

  @Test
  void aPageInAnUnknownFormatIsDown() {
    byte[] page = EmcPages.page(2, 0x60);
    assertThat(EmcDecoder.decodePage(EmcPages.with(page, 1, 0xc1))).isEqualTo(down(EmcDecoder.UNKNOWN_FORMAT));
    assertThat(EmcDecoder.decodePage(EmcPages.with(page, 9, 1))).isEqualTo(down(EmcDecoder.UNKNOWN_FORMAT));
    assertThat(EmcDecoder.decodePage(Arrays.copyOf(page, 48))).isEqualTo(down(EmcDecoder.UNKNOWN_FORMAT));
  }

  @Test
  void aPathNotConfiguredForFailoverIsDownSayingWhich() {
    byte[] page = EmcPages.page(2, 0x60);
    assertThat(EmcDecoder.decodePage(EmcPages.with(page, 27, 1))).isEqualTo(down(EmcDecoder.FAILOVER_MODE));
    assertThat(EmcDecoder.decodePage(EmcPages.with(page, 28, 1))).isEqualTo(down(EmcDecoder.LUN_MODE));
    assertThat(EmcDecoder.decodePage(EmcPages.with(page, 28, 5))).isEqualTo(down(EmcDecoder.LUN_MODE));
    assertThat(EmcDecoder.decodePage(EmcPages.with(page, 30, 0xfb))).isEqualTo(down(EmcDecoder.ARRAYCOMMPATH));
  }

  @Test
  void byte48IsShakyAndAnUnboundLunIsDown() {
    assertThat(EmcDecoder.decodePage(EmcPages.with(EmcPages.page(2, 0x60), 48, 1)))
        .isEqualTo(CheckResult.of(PathState.SHAKY, EmcDecoder.NOT_AVAILABLE));
    assertThat(EmcDecoder.decodePage(EmcPages.page(0, 0))).isEqualTo(down(EmcDecoder.UNBOUND));
  }

  @Test
  void inquiryFailuresAreDownOrWild() {
    assertThat(EmcDecoder.decodeInquiry(Sg.errno(25))).isEqualTo(CheckResult.UNSUPPORTED_DEVICE);
    assertThat(EmcDecoder.decodeInquiry(Sg.errno(22))).isEqualTo(CheckResult.UNSUPPORTED_DEVICE);
    assertThat(EmcDecoder.decodeInquiry(Sg.errno(5))).isEqualTo(down(EmcDecoder.QUERY_FAILED));
    assertThat(EmcDecoder.decodeInquiry(Sg.checkCondition(0x4, 0x44, 0))).isEqualTo(down(EmcDecoder.QUERY_FAILED));
    assertThat(EmcDecoder.decodeInquiry(Sg.hostStatus(0x01))).isEqualTo(down(EmcDecoder.QUERY_FAILED));
    assertThat(EmcDecoder.decodeInquiry(Sg.checkCondition(0x5, 0x24, 0)))
        .as("no page 0xC0: not a CLARiiON")
        .isEqualTo(CheckResult.UNSUPPORTED_DEVICE);
    assertThat(EmcDecoder.decodeInquiry(Sg.descriptorSense(0x5, 0x25, 0)))
        .as("a LUN the target does not map")
        .isEqualTo(CheckResult.UNSUPPORTED_DEVICE);
  }

  @Test
  void theActivePathsReadDecidesAndAnInactiveSnapshotIsRecognised() {
    assertThat(EmcDecoder.decodeRead(Sg.good(new byte[4096]))).isEqualTo(CheckResult.of(PathState.UP, EmcDecoder.ACTIVE_UP));
    assertThat(EmcDecoder.decodeRead(Sg.checkCondition(0x3, 0x11, 0))).isEqualTo(down(EmcDecoder.ACTIVE_DOWN));
    assertThat(EmcDecoder.decodeRead(Sg.checkCondition(0x5, 0x25, 0x01))).isEqualTo(down(EmcDecoder.INACTIVE_SNAPSHOT));
    assertThat(EmcDecoder.inactiveSnapshot(Sg.descriptorSense(0x5, 0x25, 0x01))).isTrue();
    assertThat(EmcDecoder.inactiveSnapshot(Sg.checkCondition(0x5, 0x25, 0x00))).isFalse();
    assertThat(EmcDecoder.inactiveSnapshot(Sg.errno(5))).isFalse();
  }

  @Test
  void aPassivePathIsUpUnlessTheMapIsAnInactiveSnapshot() {
    assertThat(EmcDecoder.decodePassive(false)).isEqualTo(CheckResult.of(PathState.UP, EmcDecoder.PASSIVE_UP));
    assertThat(EmcDecoder.decodePassive(true)).isEqualTo(down(EmcDecoder.INACTIVE_SNAPSHOT));
  }
}
