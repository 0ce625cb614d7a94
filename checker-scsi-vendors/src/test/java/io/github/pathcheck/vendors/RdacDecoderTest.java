package io.github.pathcheck.vendors;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.PathState;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RdacDecoderTest {
  private static final int OWNER = 0x01;
  private static final int PORT_GROUP_DATA = 0x10;
  private static final int IO_SHIPPING = 0x20;

  private static CheckResult decode(byte[] page) {
    return RdacDecoder.decode(Sg.good(page));
  }

  @Test
  void theOwningControllerIsUp() {
    assertThat(decode(RdacPages.page(0, OWNER, 0, 0, 0))).isEqualTo(CheckResult.UP);
    assertThat(decode(RdacPages.page(0, OWNER | PORT_GROUP_DATA, 0x0, 0, 0x1))).isEqualTo(CheckResult.UP);
  }

  @Test
  void ioShippingIsUpEvenWithoutOwnership() {
    assertThat(decode(RdacPages.page(0, IO_SHIPPING, 0, 0, 0))).isEqualTo(CheckResult.UP);
  }

  @Test
  void theAlternateControllerIsGhost() {
    assertThat(decode(RdacPages.page(0, 0, 0, 0, 0))).isEqualTo(CheckResult.GHOST);
    assertThat(decode(RdacPages.page(0, PORT_GROUP_DATA, 0x1, 0, 0x0))).isEqualTo(CheckResult.GHOST);
  }

  @Test
  void aLunNotConnectedIsDown() {
    CheckResult notConnected = CheckResult.of(PathState.DOWN, RdacDecoder.LUN_NOT_CONNECTED);
    assertThat(decode(RdacPages.page(0x20, OWNER, 0, 0, 0))).as("qualifier 001").isEqualTo(notConnected);
    assertThat(decode(RdacPages.page(0x7f, OWNER, 0, 0, 0))).as("no device type").isEqualTo(notConnected);
    assertThat(decode(RdacPages.page(0x60, OWNER, 0, 0, 0))).as("qualifier 011").isEqualTo(notConnected);
    assertThat(decode(RdacPages.page(0x01, OWNER, 0, 0, 0))).as("not a disk").isEqualTo(notConnected);
  }

  @ParameterizedTest
  @CsvSource({
    "2, ' reports path is down: controller is non-responsive'",
    "3, ' reports path is down: controller is in reset'",
    "4, ' reports path is down: controller firmware is downloading'",
    "5, ' reports path is down: controller firmware is downloading'",
    "6, ' reports path is down: controller is quiesced'",
    "7, ' reports path is down: controller is in service mode'",
    "0, ' reports path is down: controller is unavailable'"
  })
  void anUnavailablePortIsDownWithItsReason(int reason, String message) {
    assertThat(decode(RdacPages.page(0, OWNER | PORT_GROUP_DATA, 0x3, reason, 0x0)))
        .isEqualTo(CheckResult.of(PathState.DOWN, message));
    assertThat(decode(RdacPages.page(0, OWNER, 0x3, reason, 0x0)))
        .as("the state counts only with port group data")
        .isEqualTo(CheckResult.UP);
  }

  @Test
  void aTransitioningPortIsDownUnlessBothControllersAre() {
    assertThat(decode(RdacPages.page(0, OWNER | PORT_GROUP_DATA, 0xf, 0, 0x1)))
        .isEqualTo(CheckResult.of(PathState.DOWN, RdacDecoder.TRANSITIONING));
    assertThat(decode(RdacPages.page(0, OWNER | PORT_GROUP_DATA, 0xf, 0, 0xf))).isEqualTo(CheckResult.UP);
    assertThat(decode(RdacPages.page(0, PORT_GROUP_DATA, 0xf, 0, 0xf))).isEqualTo(CheckResult.GHOST);
    assertThat(decode(RdacPages.page(0, OWNER | PORT_GROUP_DATA, 0x8f, 0, 0x1)))
        .as("the state is the low nibble")
        .isEqualTo(CheckResult.of(PathState.DOWN, RdacDecoder.TRANSITIONING));
  }

  @Test
  void failuresAreDownOrWild() {
    CheckResult failed = CheckResult.of(PathState.DOWN, RdacDecoder.INQUIRY_FAILED);
    assertThat(RdacDecoder.decode(Sg.errno(25))).isEqualTo(CheckResult.UNSUPPORTED_DEVICE);
    assertThat(RdacDecoder.decode(Sg.errno(22))).isEqualTo(CheckResult.UNSUPPORTED_DEVICE);
    assertThat(RdacDecoder.decode(Sg.errno(5))).isEqualTo(failed);
    assertThat(RdacDecoder.decode(Sg.checkCondition(0x4, 0x44, 0))).isEqualTo(failed);
    assertThat(RdacDecoder.decode(Sg.hostStatus(0x0e))).isEqualTo(failed);
    assertThat(RdacDecoder.decode(Sg.checkCondition(0x5, 0x24, 0)))
        .as("no page 0xC9: not an RDAC array, as a LIO LUN")
        .isEqualTo(CheckResult.UNSUPPORTED_DEVICE);
    assertThat(decode(Arrays.copyOf(RdacPages.page(0, OWNER, 0, 0, 0), 12))).as("short").isEqualTo(failed);
  }
}
