package io.github.pathcheck.examples.cli;

import io.github.pathcheck.api.CheckerOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options every command that checks paths takes alike: {@code --timeout} (fractional seconds), {@code
 * --property KEY=VALUE} (per-path properties) and {@code --class-option KEY=VALUE} (options of the checker's
 * class).
 */
final class CheckerOptionsMixin {
  /** The checker timeout when none is given, in seconds: multipath's. */
  static final String DEFAULT_TIMEOUT = "30";

  @Option(
      names = "--timeout",
      paramLabel = "SEC",
      defaultValue = DEFAULT_TIMEOUT,
      converter = SecondsConverter.class,
      description = "Checker timeout in seconds, fractions allowed (default: ${DEFAULT-VALUE}, multipath's).")
  Duration timeout;

  @Option(
      names = "--property",
      paramLabel = "KEY=VALUE",
      mapFallbackValue = "",
      description = "A per-path property given to the checker with each path, such as state=down for none."
          + " Repeatable.")
  Map<String, String> properties = new LinkedHashMap<>();

  @Option(
      names = "--class-option",
      paramLabel = "KEY=VALUE",
      description = "An option of the checker's class, given when it is loaded, such as groupSize=64 for"
          + " directio. Repeatable.")
  Map<String, String> classOptions = new LinkedHashMap<>();

  /** Returns the defaults with the timeout and the properties given. */
  CheckerOptions checkerOptions() {
    CheckerOptions options = CheckerOptions.defaults().withTimeout(timeout);
    for (Map.Entry<String, String> property : properties.entrySet()) {
      options = options.withProperty(property.getKey(), property.getValue());
    }
    return options;
  }

  /** Returns the class options given, keyed by {@code checkerName}; empty if none were given. */
  Map<String, Map<String, String>> classOptions(String checkerName) {
    return classOptions.isEmpty() ? Map.of() : Map.of(checkerName, Map.copyOf(classOptions));
  }
}
