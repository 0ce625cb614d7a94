package io.github.pathcheck.vendors;

import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.nativeio.ScsiGeneric;
import io.github.pathcheck.nativeio.SgIoResult;
import io.github.pathcheck.nativeio.scsi.ScsiCommand;
import java.time.Duration;

/** The real transport: {@code ioctl(SG_IO)} on the device's descriptor, through checker-native. */
final class KernelScsiTransport implements ScsiTransport {
  static final KernelScsiTransport INSTANCE = new KernelScsiTransport();

  private KernelScsiTransport() {}

  @Override
  public SgIoResult execute(PathDevice device, ScsiCommand command, Duration timeout) {
    return ScsiGeneric.execute(device, command, timeout);
  }
}
