package io.github.pathcheck.vendors;

import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerProvider;
import java.util.Map;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * The {@code rdac} checker, multipath-tools' checker for LSI/Engenio/NetApp E-series arrays and their OEMs:
 * INQUIRY of vendor VPD page 0xC9 (volume access control, 48 bytes) through {@code SG_IO} on the host's
 * descriptor, with the checker timeout as the command timeout, up to 5 attempts while the host status is {@code
 * DID_BUS_BUSY}, {@code DID_ERROR}, {@code DID_SOFT_ERROR} or {@code DID_TRANSPORT_DISRUPTED} (none started once
 * the checker timeout has passed).
 *
 * <p><b>At init</b> it reads the Control mode page (0x0A) with MODE SENSE(10) (DBD, current and changeable
 * values) and, when TAS is clear and changeable, sets it with MODE SELECT(10) (PF = 1, SP = 1). A failure there
 * is only logged; a device without SCSI commands skips it.
 *
 * <p><b>Answers</b> (decoded as {@code RdacDecoder} describes): up (" reports path is up") when this controller
 * owns the volume or ships I/O (ALUA); ghost (" reports path is ghost") otherwise; down when the INQUIRY fails
 * (" inquiry failed"), the LUN is not connected, the port is unavailable (the message says why: controller
 * non-responsive, in reset, firmware downloading, quiesced, in service mode) or transitioning while the other
 * controller is not; wild (" doesn't support this device") on a device without SCSI commands ({@code ENOTTY},
 * or the loop driver's {@code EINVAL}) or one that refuses the INQUIRY with ILLEGAL REQUEST (no such page, or a
 * LUN the target does not map); unchecked when the check itself failed (logged).
 *
 * <p><b>Synchronous</b>, like tur. No class options, no per-path properties; checkers share nothing.
 */
public final class RdacCheckerProvider implements CheckerProvider {
  /** The checker's name, {@value}. */
  public static final String NAME = "rdac";

  /** Creates the provider; it holds nothing. */
  public RdacCheckerProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Returns a new rdac checker class, which sends its commands to the kernel.
   *
   * @throws IllegalArgumentException if {@code classOptions} is not empty: the class has no options
   */
  @Override
  public CheckerClass load(Map<String, String> classOptions) {
    return load(classOptions, KernelScsiTransport.INSTANCE);
  }

  static ScsiCheckerClass load(Map<String, String> classOptions, ScsiTransport transport) {
    return new ScsiCheckerClass(
        NAME,
        classOptions,
        Set.of(),
        (device, options, timeout) -> {
          RdacProbe probe = new RdacProbe(transport, device, timeout);
          try {
            probe.setTas();
          } catch (RuntimeException | LinkageError e) {
            LoggerFactory.getLogger(RdacCheckerProvider.class)
                .warn("rdac: {}: setting TAS failed; checking without it", device.path(), e);
          }
          return probe;
        },
        System::nanoTime);
  }
}
