package io.github.pathcheck.nativeio.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Sense data from the layouts of SPC-4 §4.5: fixed format (0x70/0x71) and descriptor format (0x72/0x73). */
class SenseDataTest {
  private static byte[] fixed(int responseCode, int key, int asc, int ascq) {
    byte[] sense = new byte[18];
    sense[0] = (byte) responseCode;
    sense[2] = (byte) key;
    sense[7] = 10;
    sense[12] = (byte) asc;
    sense[13] = (byte) ascq;
    return sense;
  }

  @Test
  void fixedFormatReadsKeyFromByte2AndAscAscqFromBytes12And13() {
    assertThat(SenseData.of(fixed(0x70, 0x02, 0x04, 0x0b))).isEqualTo(SenseData.of(new byte[] {0x72, 2, 4, 0x0b}));
    SenseData sense = SenseData.of(fixed(0xf1, 0xe5, 0x25, 0x01));
    assertThat(sense.key()).as("VALID bit and the high nibble ignored").isEqualTo(SenseData.ILLEGAL_REQUEST);
    assertThat(sense.asc()).isEqualTo(0x25);
    assertThat(sense.ascq()).isEqualTo(0x01);
  }

  @Test
  void descriptorFormatReadsBytes1To3() {
    SenseData sense = SenseData.of(new byte[] {0x73, (byte) 0xf6, 0x29, 0x00, 0, 0, 0, 0});

    assertThat(sense.is(SenseData.UNIT_ATTENTION, 0x29, 0x00)).isTrue();
  }

  @Test
  void shortOrUnknownSenseReadsAsNone() {
    assertThat(SenseData.of(new byte[0])).isEqualTo(SenseData.NONE);
    assertThat(SenseData.of(new byte[] {0x72, 2, 4})).isEqualTo(SenseData.NONE);
    byte[] truncatedFixed = new byte[13];
    truncatedFixed[0] = 0x70;
    truncatedFixed[2] = 2;
    assertThat(SenseData.of(truncatedFixed)).isEqualTo(SenseData.NONE);
    assertThat(SenseData.of(fixed(0x7f, 2, 4, 0x0b))).isEqualTo(SenseData.NONE);
    assertThat(SenseData.of(new byte[] {(byte) 0xf2, 2, 4, 0x0b})).as("descriptor codes are exact").isEqualTo(SenseData.NONE);
  }
}
