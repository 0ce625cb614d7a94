package io.github.pathcheck.vendors;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.nativeio.SgIoResult;
import io.github.pathcheck.nativeio.scsi.ScsiCommand;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * rdac's check of one path: INQUIRY VPD 0xC9, retried on transient host statuses, read by {@link
 * RdacDecoder}. {@link #setTas} is its set-up at init.
 */
final class RdacProbe implements ScsiProbe {
  private static final Logger logger = LoggerFactory.getLogger(RdacProbe.class);

  static final ScsiCommand VOLUME_ACCESS = ScsiCommand.inquiryVpd(0xc9, 48);
  static final ScsiCommand CONTROL_PAGE =
      ScsiCommand.modeSense10(RdacModePage.CONTROL_PAGE, true, RdacModePage.ALLOCATION_LENGTH);
  static final ScsiCommand CONTROL_PAGE_CHANGEABLE =
      ScsiCommand.modeSense10(
          RdacModePage.CONTROL_PAGE, ScsiCommand.PAGE_CONTROL_CHANGEABLE, true, RdacModePage.ALLOCATION_LENGTH);

  private final ScsiTransport transport;
  private final PathDevice device;
  private final Duration timeout;

  RdacProbe(ScsiTransport transport, PathDevice device, Duration timeout) {
    this.transport = transport;
    this.device = device;
    this.timeout = timeout;
  }

  /**
   * Sets TAS in the Control mode page when it is clear and changeable, with MODE SELECT(10) (PF and SP set), so
   * the array reports commands aborted by another initiator as such. Every failure is only logged.
   */
  void setTas() {
    if (device.fd() < 0) {
      return;
    }
    SgIoResult current = transport.execute(device, CONTROL_PAGE, timeout);
    if (!ScsiAnswers.succeeded(current)) {
      logger.debug("rdac: {}: cannot read the Control mode page ({}); TAS left as it is", device.path(), current);
      return;
    }
    SgIoResult changeable = transport.execute(device, CONTROL_PAGE_CHANGEABLE, timeout);
    if (!ScsiAnswers.succeeded(changeable)) {
      logger.debug("rdac: {}: cannot read the changeable Control mode page ({})", device.path(), changeable);
      return;
    }
    Optional<byte[]> list = RdacModePage.tasSelection(current.data(), changeable.data());
    if (list.isEmpty()) {
      return;
    }
    SgIoResult selected = transport.execute(device, ScsiCommand.modeSelect10(list.get(), true, true), timeout);
    if (ScsiAnswers.succeeded(selected)) {
      logger.info("rdac: {}: set TAS in the Control mode page", device.path());
    } else {
      logger.warn("rdac: {}: setting TAS in the Control mode page failed ({})", device.path(), selected);
    }
  }

  @Override
  public CheckResult check(BooleanSupplier pastDeadline) {
    SgIoResult inquiry =
        ScsiRetries.send(
            transport, device, VOLUME_ACCESS, timeout, ScsiAnswers::transientHostStatus, pastDeadline);
    return RdacDecoder.decode(inquiry);
  }
}
