package io.github.pathcheck.tur;

import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerProvider;
import java.util.Map;

/**
 * The {@code cciss_tur} checker: an alias of {@link TurCheckerProvider tur}, answering exactly as tur does.
 *
 * <p>multipath-tools' cciss_tur sends TEST UNIT READY through the cciss driver's own passthrough ioctl. That
 * driver left the Linux kernel in 4.14; hpsa, which replaced it, presents the same controllers as SCSI disks
 * that take SG_IO, which is what tur sends. So a configuration that names {@code cciss_tur} keeps working, and
 * checks its paths as tur would.
 */
public final class CcissTurCheckerProvider implements CheckerProvider {
  /** The checker's name, {@value}. */
  public static final String NAME = "cciss_tur";

  /** Creates the provider; it holds nothing. */
  public CcissTurCheckerProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Returns a new tur checker class named cciss_tur, which sends its commands to the kernel.
   *
   * @throws IllegalArgumentException if {@code classOptions} is not empty: the class has no options
   */
  @Override
  public CheckerClass load(Map<String, String> classOptions) {
    return new TurCheckerClass(NAME, classOptions, KernelSgTransport.INSTANCE, System::nanoTime);
  }
}
