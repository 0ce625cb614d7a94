package io.github.pathcheck.nativeio.scsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The CDBs against their layouts in SPC-4 (TEST UNIT READY, INQUIRY, MODE SENSE/SELECT(10)) and SBC-3 (READ(10)). */
class ScsiCommandTest {
  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  @Test
  void testUnitReadyIsSixZerosWithoutData() {
    ScsiCommand tur = ScsiCommand.testUnitReady();

    assertThat(tur.cdb()).containsExactly(bytes(0, 0, 0, 0, 0, 0));
    assertThat(tur.direction()).isEqualTo(ScsiCommand.Direction.NONE);
    assertThat(tur.dataLength()).isZero();
  }

  @Test
  void standardInquiryHasEvpdClearAndTheAllocationLengthBigEndian() {
    assertThat(ScsiCommand.inquiry(96).cdb()).containsExactly(bytes(0x12, 0, 0, 0, 96, 0));
    assertThat(ScsiCommand.inquiry(0x1234).cdb()).containsExactly(bytes(0x12, 0, 0, 0x12, 0x34, 0));
    assertThat(ScsiCommand.inquiry(96).direction()).isEqualTo(ScsiCommand.Direction.FROM_DEVICE);
    assertThat(ScsiCommand.inquiry(96).dataLength()).isEqualTo(96);
  }

  @Test
  void vpdInquirySetsEvpdAndThePageCode() {
    assertThat(ScsiCommand.inquiryVpd(0x80, 255).cdb()).containsExactly(bytes(0x12, 1, 0x80, 0, 0xff, 0));
    assertThat(ScsiCommand.inquiryVpd(0xc9, 48).cdb()).containsExactly(bytes(0x12, 1, 0xc9, 0, 48, 0));
    assertThat(ScsiCommand.inquiryVpd(0xc0, 128).dataLength()).isEqualTo(128);
  }

  @Test
  void read10CarriesTheLbaAndTransferLengthBigEndian() {
    ScsiCommand read = ScsiCommand.read10(0x01020304L, 0x0506, 4096);

    assertThat(read.cdb()).containsExactly(bytes(0x28, 0, 1, 2, 3, 4, 0, 5, 6, 0));
    assertThat(read.direction()).isEqualTo(ScsiCommand.Direction.FROM_DEVICE);
    assertThat(read.dataLength()).isEqualTo(4096);
    assertThat(ScsiCommand.read10(0, 1, 512).cdb()).containsExactly(bytes(0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0));
  }

  @Test
  void modeSense10SetsDbdThePageAndTheAllocationLength() {
    assertThat(ScsiCommand.modeSense10(0x0a, true, 0x100).cdb())
        .containsExactly(bytes(0x5a, 0x08, 0x0a, 0, 0, 0, 0, 0x01, 0x00, 0));
    assertThat(ScsiCommand.modeSense10(0x0a, false, 44).cdb())
        .containsExactly(bytes(0x5a, 0, 0x0a, 0, 0, 0, 0, 0, 44, 0));
    assertThat(ScsiCommand.modeSense10(0x0a, ScsiCommand.PAGE_CONTROL_CHANGEABLE, true, 44).cdb())
        .as("page control in bits 7-6 of byte 2")
        .containsExactly(bytes(0x5a, 0x08, 0x4a, 0, 0, 0, 0, 0, 44, 0));
  }

  @Test
  void modeSelect10SetsPfSpAndSendsTheParameterList() {
    byte[] list = new byte[20];
    list[8] = 0x0a;

    ScsiCommand select = ScsiCommand.modeSelect10(list, true, true);
    list[8] = 0;

    assertThat(select.cdb()).containsExactly(bytes(0x55, 0x11, 0, 0, 0, 0, 0, 0, 20, 0));
    assertThat(select.direction()).isEqualTo(ScsiCommand.Direction.TO_DEVICE);
    assertThat(select.dataLength()).isEqualTo(20);
    assertThat(select.dataOut()[8]).as("a copy of the caller's list").isEqualTo((byte) 0x0a);
    assertThat(ScsiCommand.modeSelect10(list, true, false).cdb()[1]).isEqualTo((byte) 0x10);
  }

  @Test
  void fieldsOutOfRangeAreRefused() {
    assertThatThrownBy(() -> ScsiCommand.inquiry(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScsiCommand.inquiryVpd(0x100, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScsiCommand.read10(1L << 32, 1, 512)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScsiCommand.read10(0, 0, 512)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScsiCommand.modeSense10(0x40, true, 8)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScsiCommand.modeSense10(0x0a, 4, true, 8)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScsiCommand.modeSelect10(new byte[0], true, true))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
