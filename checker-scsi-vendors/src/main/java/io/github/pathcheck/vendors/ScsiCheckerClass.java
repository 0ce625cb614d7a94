package io.github.pathcheck.vendors;

import io.github.pathcheck.api.AbstractChecker;
import io.github.pathcheck.api.AbstractCheckerClass;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathDevice;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The class of one vendor checker: synchronous, no class options, the per-path properties its probes take.
 * Thread-safe.
 */
final class ScsiCheckerClass extends AbstractCheckerClass {
  /** Makes the probe of one path. */
  interface ProbeFactory {
    ScsiProbe create(PathDevice device, CheckerOptions options, Duration timeout);
  }

  private final Set<String> properties;
  private final ProbeFactory probes;
  private final LongSupplier nanoTime;

  /**
   * Creates the class.
   *
   * @throws IllegalArgumentException if {@code classOptions} is not empty
   */
  ScsiCheckerClass(
      String name,
      Map<String, String> classOptions,
      Set<String> properties,
      ProbeFactory probes,
      LongSupplier nanoTime) {
    super(name, classOptions, Set.of());
    this.properties = Set.copyOf(properties);
    this.probes = Objects.requireNonNull(probes, "probes");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  @Override
  protected Set<String> acceptedProperties() {
    return properties;
  }

  @Override
  protected AbstractChecker newChecker(PathDevice device, CheckerOptions options) {
    ScsiProbe probe = probes.create(device, options, options.timeout());
    return new ScsiChecker(this, device, probe, options.timeout(), nanoTime);
  }
}
