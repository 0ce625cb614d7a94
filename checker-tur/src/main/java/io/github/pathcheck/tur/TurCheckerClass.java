package io.github.pathcheck.tur;

import io.github.pathcheck.api.AbstractChecker;
import io.github.pathcheck.api.AbstractCheckerClass;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathDevice;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The tur checker class; see {@link TurCheckerProvider}. Synchronous: its checks block until the device
 * answers. It has no class options and no per-path properties, and its checkers share nothing but the
 * transport. Thread-safe.
 */
final class TurCheckerClass extends AbstractCheckerClass {
  private final SgTransport transport;
  private final LongSupplier nanoTime;

  /**
   * Creates the class.
   *
   * @throws IllegalArgumentException if {@code classOptions} is not empty
   */
  TurCheckerClass(Map<String, String> classOptions, SgTransport transport, LongSupplier nanoTime) {
    this(TurCheckerProvider.NAME, classOptions, transport, nanoTime);
  }

  /**
   * Creates the class under another name: {@code cciss_tur}, tur's alias.
   *
   * @throws IllegalArgumentException if {@code classOptions} is not empty
   */
  TurCheckerClass(String name, Map<String, String> classOptions, SgTransport transport, LongSupplier nanoTime) {
    super(name, classOptions, Set.of());
    this.transport = Objects.requireNonNull(transport, "transport");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  @Override
  protected AbstractChecker newChecker(PathDevice device, CheckerOptions options) {
    return new TurChecker(this, device, options.timeout(), transport, nanoTime);
  }
}
