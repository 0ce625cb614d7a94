package io.github.pathcheck.examples.cli;

import java.math.BigDecimal;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads an option given in seconds, with a fraction if wanted ({@code 5}, {@code 0.25}), as a positive Duration. */
final class SecondsConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    BigDecimal seconds;
    try {
      seconds = new BigDecimal(value.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a number of seconds, such as 5 or 0.25");
    }
    Duration duration;
    try {
      duration = Duration.ofNanos(seconds.movePointRight(9).longValueExact());
    } catch (ArithmeticException e) {
      throw new TypeConversionException("'" + value + "' seconds is too long or too precise (nanoseconds at most)");
    }
    if (duration.isZero() || duration.isNegative()) {
      throw new TypeConversionException("'" + value + "' must be a positive number of seconds");
    }
    return duration;
  }

  /** Returns the shorter of two durations, {@code a} if they are equal. */
  static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
