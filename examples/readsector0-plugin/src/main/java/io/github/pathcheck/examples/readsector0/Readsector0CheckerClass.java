package io.github.pathcheck.examples.readsector0;

import io.github.pathcheck.api.AbstractChecker;
import io.github.pathcheck.api.AbstractCheckerClass;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathDevice;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The readsector0 checker class; see {@link Readsector0CheckerProvider}. Not asynchronous-capable: each check
 * blocks until its read returns. Thread-safe.
 */
final class Readsector0CheckerClass extends AbstractCheckerClass {
  private final SgRead read;
  private final LongSupplier nanoTime;

  /**
   * @throws IllegalArgumentException if {@code classOptions} is not empty: the class has no options
   */
  Readsector0CheckerClass(Map<String, String> classOptions, SgRead read, LongSupplier nanoTime) {
    super(Readsector0CheckerProvider.NAME, classOptions, Set.of());
    this.read = Objects.requireNonNull(read, "read");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  @Override
  protected AbstractChecker newChecker(PathDevice device, CheckerOptions options) {
    return new Readsector0Checker(this, device, options.timeout(), read, nanoTime);
  }
}
