package io.github.pathcheck.examples.cli;

import java.util.Arrays;

/** How the bench commands turn measurements into the figures they print. */
final class Figures {
  private Figures() {}

  /** Returns {@code nanos} in milliseconds, rounded to two decimals. */
  static double millis(long nanos) {
    return Math.round(nanos / 10_000.0) / 100.0;
  }

  /** Returns the median of {@code values} (the mean of the middle two for an even count); not empty. */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
