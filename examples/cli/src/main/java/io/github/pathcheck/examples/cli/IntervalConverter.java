package io.github.pathcheck.examples.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a check interval in seconds, as {@link SecondsConverter} does, and refuses one below {@link #FLOOR}: a
 * shorter interval would only spin the monitor's thread.
 */
final class IntervalConverter implements ITypeConverter<Duration> {
  /** The shortest check interval the CLI accepts: 10 ms. */
  static final Duration FLOOR = Duration.ofMillis(10);

  @Override
  public Duration convert(String value) {
    Duration interval = new SecondsConverter().convert(value);
    if (interval.compareTo(FLOOR) < 0) {
      throw new TypeConversionException(
          "'" + value + "' is below the floor of 0.01 s (10 ms): give 0.01 or more");
    }
    return interval;
  }
}
