package io.github.pathcheck.vendors;

import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerProvider;
import java.util.Map;
import java.util.Set;

/**
 * The {@code emc_clariion} checker, multipath-tools' checker for EMC CLARiiON, VNX and Unity arrays: INQUIRY of
 * vendor VPD page 0xC0 (the path unit report, 128 bytes) through {@code SG_IO} on the host's descriptor, with
 * the checker timeout as the command timeout, up to 5 attempts while the answer is a transient host status,
 * UNIT ATTENTION or ABORTED COMMAND (none started once the checker timeout has passed); on the active path then
 * a READ(10) of the block at LBA 0.
 *
 * <p><b>Answers</b> (decoded as {@code EmcDecoder} describes): down when the INQUIRY fails, the page is in an
 * unknown format, the path is not configured for failover (the message says which: failover mode, LUN mode,
 * arraycommpath), the LUN is unbound ("LUNZ"), the LU's WWN differs from the one this path saw first (down until
 * the path's checker is inited again), the active path's read fails, or the map's logical unit is an inactive
 * snapshot; shaky when the path is not available for normal operations (byte 48); up on a healthy active path
 * (the read succeeded) or passive path; wild (" doesn't support this device") on a device without SCSI commands
 * ({@code ENOTTY}, or the loop driver's {@code EINVAL}) or one that refuses the INQUIRY with ILLEGAL REQUEST (no
 * page 0xC0: not a CLARiiON, such as a LIO LUN); unchecked when the check itself failed (logged).
 *
 * <p><b>Per-map context.</b> multipath shares an "inactive snapshot" flag between the checkers of all paths of
 * one map ({@code libcheck_mp_init}); the SPI has no per-map hook, so the host names each path's map in the
 * per-path property {@value #MAP_PROPERTY} (any string naming the map, such as its WWID). The class keeps one
 * context per map name, created with the map's first checker and dropped when the last one is freed (so it
 * survives {@code reset()} only as long as its checkers do). The active path's read sets the flag when it fails
 * with ILLEGAL REQUEST 25/01 and clears it otherwise; while it is set the map's passive paths answer down. A
 * path without the property has a context of its own, so its passive answers never see another path's read.
 *
 * <p><b>Synchronous</b>, like tur. No class options.
 */
public final class EmcClariionCheckerProvider implements CheckerProvider {
  /** The checker's name, {@value}. */
  public static final String NAME = "emc_clariion";
  /** The per-path property naming the path's map, {@value}. */
  public static final String MAP_PROPERTY = "map";

  /** Creates the provider; it holds nothing. */
  public EmcClariionCheckerProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Returns a new emc_clariion checker class, which sends its commands to the kernel and holds the per-map
   * contexts of its checkers.
   *
   * @throws IllegalArgumentException if {@code classOptions} is not empty: the class has no options
   */
  @Override
  public CheckerClass load(Map<String, String> classOptions) {
    return load(classOptions, KernelScsiTransport.INSTANCE, new EmcMapContexts());
  }

  static ScsiCheckerClass load(
      Map<String, String> classOptions, ScsiTransport transport, EmcMapContexts contexts) {
    return new ScsiCheckerClass(
        NAME,
        classOptions,
        Set.of(MAP_PROPERTY),
        (device, options, timeout) ->
            new EmcProbe(transport, device, timeout, contexts, options.property(MAP_PROPERTY, null)),
        System::nanoTime);
  }
}
