package io.github.pathcheck.examples.cli;

import io.github.pathcheck.loader.PathStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How the CLI prints what a PathMonitor reports: times, messages, latencies. */
final class TransitionFormat {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  private TransitionFormat() {}

  /** Returns {@code at} as local wall-clock time, {@code HH:mm:ss.SSS}. */
  static String time(Instant at) {
    return TIME.format(at);
  }

  /** Returns when a status was reported: its last answer, or, for a status the host set, its since. */
  static Instant reportedAt(PathStatus status) {
    return status.lastChecked().filter(checked -> !checked.isBefore(status.since())).orElse(status.since());
  }

  /** Returns the message as multipath prints it: {@code "<checker> checker<message>"}, or empty. */
  static String message(PathStatus status) {
    return status.message().isEmpty() ? "" : status.checkerName() + " checker" + status.message();
  }

  /** Returns a check latency in milliseconds with two decimals, or {@code "-"} for none yet. */
  static String latency(PathStatus status) {
    return status.lastCheckDuration().map(TransitionFormat::millis).orElse("-");
  }

  private static String millis(Duration d) {
    return String.format("%.2f ms", d.toNanos() / 1e6);
  }

  /** Returns the latency in whole microseconds, or -1 for none yet. */
  static long latencyMicros(PathStatus status) {
    return status.lastCheckDuration().map(d -> d.toNanos() / 1000).orElse(-1L);
  }
}
