package io.github.pathcheck.examples.cli;

import io.github.pathcheck.monitor.PathStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

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

  /**
   * Returns a transition as one line of text: {@code TIME PATH [CHECKER] FROM -> TO MESSAGE}, the checker's
   * name only if {@code withChecker}, the message only if there is one; control characters escaped ({@link
   * ControlCharacters}).
   */
  static String line(PathStatus from, PathStatus to, boolean withChecker) {
    String message = message(to);
    return ControlCharacters.escape(time(reportedAt(to)) + " " + to.path()
        + (withChecker ? " " + to.checkerName() : "") + " " + from.state() + " -> " + to.state()
        + (message.isEmpty() ? "" : " " + message));
  }

  /**
   * Returns a transition's fields for a JSON object, in order: time (UTC, ISO-8601), path, checker (only if
   * {@code withChecker}), from, to, message.
   */
  static Map<String, Object> fields(PathStatus from, PathStatus to, boolean withChecker) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("time", reportedAt(to).toString());
    fields.put("path", to.path().toString());
    if (withChecker) {
      fields.put("checker", to.checkerName());
    }
    fields.put("from", from.state().displayName());
    fields.put("to", to.state().displayName());
    fields.put("message", message(to));
    return fields;
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
