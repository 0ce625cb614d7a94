package io.github.pathcheck.monitor;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.CheckerMessages;
import io.github.pathcheck.api.PathState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link PathMonitor} last learnt about one path: its state and message, since when the state holds,
 * when the path was last checked and how long that check took, and whether a check is in flight.
 *
 * <p>{@link #state()} is the last <em>final</em> answer of the path's checker. While a check is in flight
 * (the checker answered {@link PathState#PENDING}) the state stays the last final one, as multipathd keeps
 * the old state of a pending path; {@link #checkInFlightSince()} then says since when the check runs. A path
 * not checked yet is {@link PathState#UNCHECKED} with {@link CheckerMessages#NONE}; a path the host disabled
 * is {@link PathState#UNCHECKED} with {@link CheckerMessages#DISABLED}.
 *
 * <p>Immutable and thread-safe; reading it does no I/O. Two statuses are equal when every field is.
 */
public final class PathStatus {
  private final Path path;
  private final String checkerName;
  private final CheckResult answer;
  private final Instant since;
  private final Instant lastChecked; // null before the first final answer
  private final Duration lastCheckDuration; // null before the first final answer
  private final Instant checkInFlightSince; // null when no check is in flight

  PathStatus(
      Path path,
      String checkerName,
      CheckResult answer,
      Instant since,
      Instant lastChecked,
      Duration lastCheckDuration,
      Instant checkInFlightSince) {
    this.path = Objects.requireNonNull(path, "path");
    this.checkerName = Objects.requireNonNull(checkerName, "checkerName");
    this.answer = Objects.requireNonNull(answer, "answer");
    this.since = Objects.requireNonNull(since, "since");
    this.lastChecked = lastChecked;
    this.lastCheckDuration = lastCheckDuration;
    this.checkInFlightSince = checkInFlightSince;
  }

  /** The status of a path just added: unchecked since {@code now}, no message. */
  static PathStatus unchecked(Path path, String checkerName, Instant now) {
    return new PathStatus(path, checkerName, CheckResult.UNCHECKED, now, null, null, null);
  }

  /** Returns the path, as its device names it ({@link io.github.pathcheck.api.PathDevice#path()}). */
  public Path path() {
    return path;
  }

  /** Returns the name of the path's checker, such as {@code "directio"}. */
  public String checkerName() {
    return checkerName;
  }

  /** Returns the last final state of the path; {@link PathState#UNCHECKED} before its first check. */
  public PathState state() {
    return answer.state();
  }

  /** Returns the last final answer, state and message together; {@link CheckResult#UNCHECKED} before the first. */
  public CheckResult answer() {
    return answer;
  }

  /**
   * Returns the message of the last final answer: a fragment that follows the checker's name, as in {@code
   * "<path>: <checker> checker<message>"} (see {@link CheckerMessages}). When the checker threw, the monitor
   * writes a fragment of the same style naming the exception.
   */
  public String message() {
    return answer.message();
  }

  /** Returns since when the path is in {@link #state()}: the end of the check that first answered it. */
  public Instant since() {
    return since;
  }

  /** Returns when the last final answer came; empty before the path's first check ends. */
  public Optional<Instant> lastChecked() {
    return Optional.ofNullable(lastChecked);
  }

  /**
   * Returns how long the last check took, from its start to its final answer (over every poll of a pending
   * check); empty before the path's first check ends.
   */
  public Optional<Duration> lastCheckDuration() {
    return Optional.ofNullable(lastCheckDuration);
  }

  /**
   * Returns when the check in flight started, if the checker's last answer was {@link PathState#PENDING};
   * empty when no check is in flight.
   */
  public Optional<Instant> checkInFlightSince() {
    return Optional.ofNullable(checkInFlightSince);
  }

  /** Returns this status with a check in flight since {@code started}; state and message unchanged. */
  PathStatus withCheckInFlightSince(Instant started) {
    return new PathStatus(
        path, checkerName, answer, since, lastChecked, lastCheckDuration, started);
  }

  /**
   * Returns the status after a final answer: {@code since} is kept when the state did not change, and no
   * check is in flight.
   */
  PathStatus answered(CheckResult newAnswer, Instant at, Duration took) {
    return new PathStatus(
        path,
        checkerName,
        newAnswer,
        newAnswer.state() == answer.state() ? since : at,
        at,
        took,
        null);
  }

  /** Returns this status as set by the host, not by a check: disabled or enabled at {@code at}. */
  PathStatus setByHost(CheckResult newAnswer, Instant at) {
    return new PathStatus(
        path,
        checkerName,
        newAnswer,
        newAnswer.state() == answer.state() ? since : at,
        lastChecked,
        lastCheckDuration,
        null);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PathStatus)) {
      return false;
    }
    PathStatus that = (PathStatus) o;
    return path.equals(that.path)
        && checkerName.equals(that.checkerName)
        && answer.equals(that.answer)
        && since.equals(that.since)
        && Objects.equals(lastChecked, that.lastChecked)
        && Objects.equals(lastCheckDuration, that.lastCheckDuration)
        && Objects.equals(checkInFlightSince, that.checkInFlightSince);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        path, checkerName, answer, since, lastChecked, lastCheckDuration, checkInFlightSince);
  }

  /** Returns a line like {@code "/dev/sdb: directio checker reports path is up (up since ...)"}. */
  @Override
  public String toString() {
    return path
        + ": "
        + checkerName
        + " checker"
        + answer.message()
        + " ("
        + answer.state()
        + " since "
        + since
        + (lastCheckDuration == null ? "" : ", last check took " + lastCheckDuration)
        + (checkInFlightSince == null ? "" : ", check in flight since " + checkInFlightSince)
        + ")";
  }
}
