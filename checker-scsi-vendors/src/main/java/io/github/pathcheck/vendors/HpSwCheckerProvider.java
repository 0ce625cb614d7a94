package io.github.pathcheck.vendors;

import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerProvider;
import java.util.Map;
import java.util.Set;

/**
 * The {@code hp_sw} checker, multipath-tools' checker for HP Active/Standby arrays: INQUIRY of VPD page 0x80
 * (unit serial number, 255 bytes), then TEST UNIT READY, both through {@code SG_IO} on the host's descriptor
 * with the checker timeout as the command timeout.
 *
 * <p><b>Answers.</b> up (" reports path is up") when both succeed; ghost (" reports path is ghost") when the
 * INQUIRY succeeds and TEST UNIT READY fails (a standby controller, or an ALUA port that is standby,
 * unavailable, transitioning or reserved through another path); down (" reports path is down") when the
 * INQUIRY fails; wild (" doesn't support this device") on a device without SCSI commands ({@code ENOTTY}, or
 * the loop driver's {@code EINVAL}) or one that refuses the INQUIRY with ILLEGAL REQUEST (no such page, or a LUN
 * the target does not map); unchecked when the check itself failed (logged). Sense key RECOVERED ERROR
 * counts as success. No retries.
 *
 * <p><b>Synchronous</b>, like tur: the framework runs its checks on its pool and answers timeout for one that
 * outlasts the checker timeout. No class options, no per-path properties; checkers share nothing.
 */
public final class HpSwCheckerProvider implements CheckerProvider {
  /** The checker's name, {@value}. */
  public static final String NAME = "hp_sw";

  /** Creates the provider; it holds nothing. */
  public HpSwCheckerProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Returns a new hp_sw checker class, which sends its commands to the kernel.
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
        (device, options, timeout) -> new HpSwProbe(transport, device, timeout),
        System::nanoTime);
  }
}
