package io.github.pathcheck.vendors;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.nativeio.scsi.ScsiCommand;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** hp_sw's check of one path: INQUIRY VPD 0x80, then TEST UNIT READY, read by {@link HpSwDecoder}. */
final class HpSwProbe implements ScsiProbe {
  static final ScsiCommand SERIAL_NUMBER = ScsiCommand.inquiryVpd(0x80, 255);
  static final ScsiCommand TEST_UNIT_READY = ScsiCommand.testUnitReady();

  private final ScsiTransport transport;
  private final PathDevice device;
  private final Duration timeout;

  HpSwProbe(ScsiTransport transport, PathDevice device, Duration timeout) {
    this.transport = transport;
    this.device = device;
    this.timeout = timeout;
  }

  @Override
  public CheckResult check(BooleanSupplier pastDeadline) {
    CheckResult answer = HpSwDecoder.decodeInquiry(transport.execute(device, SERIAL_NUMBER, timeout));
    if (answer != null) {
      return answer;
    }
    return HpSwDecoder.decodeTestUnitReady(transport.execute(device, TEST_UNIT_READY, timeout));
  }
}
