package io.github.pathcheck.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SgIoResultTest {
  @Test
  void failedIoctlHasOnlyAnErrno() {
    SgIoResult result = SgIoResult.ioctlFailed(25);

    assertThat(result.isIoctlFailed()).isTrue();
    assertThat(result.errno()).isEqualTo(25);
    assertThat(result.errnoName()).isEqualTo("ENOTTY");
    assertThat(result.status()).isZero();
    assertThat(result.hostStatus()).isZero();
    assertThat(result.sense()).isEmpty();
    assertThat(result).hasToString("SgIoResult{ioctl failed: ENOTTY}");
    assertThatThrownBy(() -> SgIoResult.ioctlFailed(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void completedCommandKeepsItsFieldsAndACopyOfTheSense() {
    byte[] sense = {0x70, 0, 0x02, 0, 0, 0, 0, 0x0a, 0, 0, 0, 0, 0x04, 0x0b};

    SgIoResult result = SgIoResult.completed(0x02, 0x07, 0x08, 1, sense, 12);
    sense[2] = 0x06;

    assertThat(result.isIoctlFailed()).isFalse();
    assertThat(result.errno()).isZero();
    assertThat(result.errnoName()).isEqualTo("none");
    assertThat(result.status()).isEqualTo(0x02);
    assertThat(result.maskedStatus()).isEqualTo(0x01);
    assertThat(result.hostStatus()).isEqualTo(0x07);
    assertThat(result.driverStatus()).isEqualTo(0x08);
    assertThat(result.info()).isEqualTo(1);
    assertThat(result.durationMillis()).isEqualTo(12);
    assertThat(result.senseLength()).isEqualTo(14);
    assertThat(result.sense()[2]).as("unchanged by the caller's array").isEqualTo((byte) 0x02);
    result.sense()[2] = 0x05;
    assertThat(result.sense()[2]).as("unchanged by a returned copy").isEqualTo((byte) 0x02);
    assertThat(result.toString()).contains("status=0x02", "host_status=0x07", "sense=[700002000000000a00000000040b]");
  }

  @Test
  void equalityIsByValue() {
    assertThat(SgIoResult.completed(0, 0, 0, 0, new byte[] {1, 2}, 3))
        .isEqualTo(SgIoResult.completed(0, 0, 0, 0, new byte[] {1, 2}, 3))
        .hasSameHashCodeAs(SgIoResult.completed(0, 0, 0, 0, new byte[] {1, 2}, 3))
        .isNotEqualTo(SgIoResult.completed(0, 0, 0, 0, new byte[] {1, 3}, 3));
    assertThat(SgIoResult.ioctlFailed(5)).isEqualTo(SgIoResult.ioctlFailed(5));
  }

  @Test
  void rejectsValuesOutsideTheirCTypes() {
    assertThatThrownBy(() -> SgIoResult.completed(256, 0, 0, 0, new byte[0], 0))
        .hasMessageContaining("status must be in 0..255");
    assertThatThrownBy(() -> SgIoResult.completed(0, 0x10000, 0, 0, new byte[0], 0))
        .hasMessageContaining("host_status");
    assertThatThrownBy(() -> SgIoResult.completed(0, 0, -1, 0, new byte[0], 0))
        .hasMessageContaining("driver_status");
    assertThatThrownBy(() -> SgIoResult.completed(0, 0, 0, 0, new byte[256], 0))
        .hasMessageContaining("sense length");
  }
}
