package io.github.pathcheck.agent;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A vendor and product pair of regular expressions, as multipath.conf's {@code device} entries give them; a
 * missing one matches anything.
 */
record DeviceMatch(Optional<Pattern> vendor, Optional<Pattern> product) {

  /** Returns whether the path's vendor and product match; a path without them matches no expression. */
  boolean matches(PathInfo path) {
    return matches(vendor, path.vendor()) && matches(product, path.product());
  }

  private static boolean matches(Optional<Pattern> pattern, Optional<String> value) {
    if (pattern.isEmpty()) {
      return true;
    }
    return value.isPresent() && pattern.get().matcher(value.get()).find();
  }
}
