package io.github.pathcheck.examples.readsector0;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.nativeio.SgIoResult;
import org.junit.jupiter.api.Test;

/** readsector0's answers from the READ(10) answer's fields and sense data (SPC-4 §4.5 fixed and descriptor). */
class Readsector0DecoderTest {
  static SgIoResult fixedSense(int key, int asc, int ascq) {
    byte[] sense = new byte[18];
    sense[0] = 0x70;
    sense[2] = (byte) key;
    sense[7] = 10;
    sense[12] = (byte) asc;
    sense[13] = (byte) ascq;
    return SgIoResult.completed(0x02, 0, 0x08, 1, sense, 1);
  }

  @Test
  void aGoodReadIsUp() {
    assertThat(Readsector0Decoder.decode(SgIoResult.completed(0, 0, 0, 0, new byte[0], new byte[4096], 1), true))
        .isEqualTo(CheckResult.UP);
    assertThat(Readsector0Decoder.decode(fixedSense(0x1, 0x18, 0x00), true)).as("recovered error").isEqualTo(CheckResult.UP);
  }

  @Test
  void ioctlFailuresAreDownExceptEnomemAndEintr() {
    assertThat(Readsector0Decoder.decode(SgIoResult.ioctlFailed(25), true)).as("ENOTTY: a file").isEqualTo(CheckResult.DOWN);
    assertThat(Readsector0Decoder.decode(SgIoResult.ioctlFailed(22), true)).as("EINVAL: a loop device").isEqualTo(CheckResult.DOWN);
    assertThat(Readsector0Decoder.decode(SgIoResult.ioctlFailed(5), true)).isEqualTo(CheckResult.DOWN);
    assertThat(Readsector0Decoder.decode(SgIoResult.ioctlFailed(12), true)).as("ENOMEM").isEqualTo(CheckResult.UP);
    assertThat(Readsector0Decoder.decode(SgIoResult.ioctlFailed(4), false)).as("EINTR is retried").isNull();
  }

  @Test
  void unitAttentionIsRetriedWhileAllowedAndEverythingElseIsDown() {
    assertThat(Readsector0Decoder.decode(fixedSense(0x6, 0x29, 0x00), true)).isNull();
    assertThat(Readsector0Decoder.decode(fixedSense(0x6, 0x29, 0x00), false)).isEqualTo(CheckResult.DOWN);
    assertThat(Readsector0Decoder.decode(fixedSense(0x3, 0x11, 0x00), true)).as("medium error").isEqualTo(CheckResult.DOWN);
    assertThat(Readsector0Decoder.decode(fixedSense(0x2, 0x04, 0x0b), true)).as("standby").isEqualTo(CheckResult.DOWN);
    byte[] descriptor = {0x72, 0x5, 0x25, 0x00, 0, 0, 0, 0};
    assertThat(Readsector0Decoder.decode(SgIoResult.completed(0x02, 0, 0x08, 1, descriptor, 1), true))
        .isEqualTo(CheckResult.DOWN);
    assertThat(Readsector0Decoder.decode(SgIoResult.completed(0, 0x01, 0, 1, new byte[0], 1), true))
        .as("DID_NO_CONNECT")
        .isEqualTo(CheckResult.DOWN);
    assertThat(Readsector0Decoder.decode(SgIoResult.completed(0x18, 0, 0, 1, new byte[0], 1), true))
        .as("reservation conflict")
        .isEqualTo(CheckResult.DOWN);
  }

  @Test
  void theCommandIsReadTenOfOneBlockAtLbaZeroInto4KiB() {
    assertThat(KernelSgRead.READ_SECTOR0.cdb()).containsExactly(0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0);
    assertThat(KernelSgRead.READ_SECTOR0.dataLength()).isEqualTo(4096);
  }
}
