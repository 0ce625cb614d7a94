package io.github.pathcheck.examples.readsector0;

import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.nativeio.ScsiGeneric;
import io.github.pathcheck.nativeio.SgIoResult;
import io.github.pathcheck.nativeio.scsi.ScsiCommand;
import java.time.Duration;

/** The real read: READ(10) through {@code ioctl(SG_IO)} on the host's descriptor, with the host's checker-native. */
final class KernelSgRead implements SgRead {
  static final KernelSgRead INSTANCE = new KernelSgRead();

  /** One block at LBA 0 into a 4096-byte buffer, as multipath reads: room for block sizes up to 4096. */
  static final ScsiCommand READ_SECTOR0 = ScsiCommand.read10(0, 1, Readsector0Decoder.SECTOR0_BYTES);

  private KernelSgRead() {}

  @Override
  public SgIoResult readSector0(PathDevice device, Duration timeout) {
    return ScsiGeneric.execute(device, READ_SECTOR0, timeout);
  }
}
