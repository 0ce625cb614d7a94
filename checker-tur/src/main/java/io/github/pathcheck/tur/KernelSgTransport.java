package io.github.pathcheck.tur;

import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.nativeio.ScsiGeneric;
import io.github.pathcheck.nativeio.SgIoResult;
import io.github.pathcheck.nativeio.scsi.ScsiCommand;
import java.time.Duration;

/** The real transport: {@code ioctl(SG_IO)} on the device's descriptor, through checker-native's SCSI layer. */
final class KernelSgTransport implements SgTransport {
  static final KernelSgTransport INSTANCE = new KernelSgTransport();

  private static final ScsiCommand TEST_UNIT_READY = ScsiCommand.testUnitReady();

  private KernelSgTransport() {}

  @Override
  public SgIoResult testUnitReady(PathDevice device, Duration timeout) {
    return ScsiGeneric.execute(device, TEST_UNIT_READY, timeout);
  }
}
