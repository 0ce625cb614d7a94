package io.github.pathcheck.vendors;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.api.CheckResult;
import org.junit.jupiter.api.Test;

class HpSwDecoderTest {
  @Test
  void aDeviceWithoutScsiCommandsIsWild() {
    assertThat(HpSwDecoder.decodeInquiry(Sg.errno(25))).isEqualTo(CheckResult.UNSUPPORTED_DEVICE);
    assertThat(HpSwDecoder.decodeInquiry(Sg.errno(22))).as("loop driver's EINVAL").isEqualTo(CheckResult.UNSUPPORTED_DEVICE);
    assertThat(HpSwDecoder.decodeTestUnitReady(Sg.errno(25))).isEqualTo(CheckResult.UNSUPPORTED_DEVICE);
  }

  @Test
  void anInquiryRefusedAsIllegalIsWild() {
    assertThat(HpSwDecoder.decodeInquiry(Sg.checkCondition(0x5, 0x24, 0))).as("no page 0x80").isEqualTo(CheckResult.UNSUPPORTED_DEVICE);
    assertThat(HpSwDecoder.decodeInquiry(Sg.checkCondition(0x5, 0x25, 0)))
        .as("a LUN the target does not map")
        .isEqualTo(CheckResult.UNSUPPORTED_DEVICE);
    assertThat(HpSwDecoder.decodeTestUnitReady(Sg.checkCondition(0x5, 0x25, 0)))
        .as("only the INQUIRY's refusal is wild")
        .isEqualTo(CheckResult.GHOST);
  }

  @Test
  void aFailedInquiryIsDown() {
    assertThat(HpSwDecoder.decodeInquiry(Sg.errno(5))).isEqualTo(CheckResult.DOWN);
    assertThat(HpSwDecoder.decodeInquiry(Sg.checkCondition(0x4, 0x44, 0))).isEqualTo(CheckResult.DOWN);
    assertThat(HpSwDecoder.decodeInquiry(Sg.checkCondition(0x2, 0x04, 0x03))).isEqualTo(CheckResult.DOWN);
    assertThat(HpSwDecoder.decodeInquiry(Sg.hostStatus(0x01))).isEqualTo(CheckResult.DOWN);
  }

  @Test
  void aSuccessfulInquiryGoesOnToTestUnitReady() {
    assertThat(HpSwDecoder.decodeInquiry(Sg.good(new byte[] {0, (byte) 0x80, 0, 4, 'A', 'B', 'C', 'D'}))).isNull();
    assertThat(HpSwDecoder.decodeInquiry(Sg.checkCondition(0x1, 0x17, 0))).as("recovered error").isNull();
  }

  @Test
  void testUnitReadyIsUpWhenReadyAndGhostOtherwise() {
    assertThat(HpSwDecoder.decodeTestUnitReady(Sg.good())).isEqualTo(CheckResult.UP);
    assertThat(HpSwDecoder.decodeTestUnitReady(Sg.checkCondition(0x1, 0x5d, 0))).isEqualTo(CheckResult.UP);
    assertThat(HpSwDecoder.decodeTestUnitReady(Sg.checkCondition(0x2, 0x04, 0x0b))).isEqualTo(CheckResult.GHOST);
    assertThat(HpSwDecoder.decodeTestUnitReady(Sg.descriptorSense(0x2, 0x04, 0x0a))).isEqualTo(CheckResult.GHOST);
    assertThat(HpSwDecoder.decodeTestUnitReady(Sg.checkCondition(0x2, 0x04, 0x02))).isEqualTo(CheckResult.GHOST);
    assertThat(HpSwDecoder.decodeTestUnitReady(Sg.errno(5))).isEqualTo(CheckResult.GHOST);
    assertThat(HpSwDecoder.decodeTestUnitReady(io.github.pathcheck.nativeio.SgIoResult.completed(0x18, 0, 0, 1, new byte[0], 1)))
        .as("reserved through another path")
        .isEqualTo(CheckResult.GHOST);
  }
}
