package io.github.pathcheck.vendors;

import io.github.pathcheck.api.CheckResult;
import java.util.function.BooleanSupplier;

/** The probe of one vendor checker's path: the commands it sends and how it reads their answers. */
interface ScsiProbe {
  /**
   * Checks the path once, blocking until the device answers. Failures of the path are answers.
   *
   * @param pastDeadline says whether the checker timeout has passed since the check began; then no retry
   *     is started
   */
  CheckResult check(BooleanSupplier pastDeadline);

  /** Releases what the probe holds beyond its path; called once, when the checker is freed. */
  default void release() {}
}
