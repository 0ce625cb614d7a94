package io.github.pathcheck.api;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The options a host gives {@link CheckerClass#init} for one path: the checker timeout, the check mode and
 * any checker-specific properties.
 *
 * <p>Immutable and thread-safe; the {@code with...} methods return new instances. The defaults are
 * multipath-tools' own: a 30 second timeout ({@code DEF_TIMEOUT}) and asynchronous checks.
 *
 * <pre>{@code
 * CheckerOptions options = CheckerOptions.defaults()
 *     .withTimeout(Duration.ofSeconds(5))
 *     .withMode(CheckMode.SYNC);
 * }</pre>
 */
public final class CheckerOptions {
  /** multipath-tools' default checker timeout ({@code DEF_TIMEOUT}). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final CheckerOptions DEFAULTS =
      new CheckerOptions(DEFAULT_TIMEOUT, CheckMode.ASYNC, Map.of());

  private final Duration timeout;
  private final CheckMode mode;
  private final Map<String, String> properties;

  private CheckerOptions(Duration timeout, CheckMode mode, Map<String, String> properties) {
    this.timeout = timeout;
    this.mode = mode;
    this.properties = properties;
  }

  /** Returns the default options: a 30 second timeout, {@link CheckMode#ASYNC}, no properties. */
  public static CheckerOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Returns the time a check may take before the checker gives up on it: a synchronous check waits at most
   * this long, an asynchronous one is answered {@link PathState#DOWN} or {@link PathState#TIMEOUT} after it.
   */
  public Duration timeout() {
    return timeout;
  }

  /** Returns the check mode the host asks for. */
  public CheckMode mode() {
    return mode;
  }

  /** Returns the checker-specific properties, unmodifiable, in the order they were added. */
  public Map<String, String> properties() {
    return properties;
  }

  /**
   * Checks that these options carry no per-path properties: for a checker that takes none, at the start of its
   * {@link CheckerClass#init}.
   *
   * @param checkerName the checker's name, for the message
   * @param device the path being initialised, for the message
   * @throws IllegalArgumentException if there are properties; the message names the checker, the path and the
   *     properties
   */
  public void requireNoProperties(String checkerName, PathDevice device) {
    if (!properties.isEmpty()) {
      throw new IllegalArgumentException(
          "the "
              + checkerName
              + " checker takes no per-path properties, but got "
              + properties.keySet()
              + " for "
              + device.path()
              + "; remove them (the timeout and the mode are options of their own)");
    }
  }

  /**
   * Returns the property {@code key}, or {@code defaultValue} when it is not set.
   *
   * @throws NullPointerException if {@code key} is null
   */
  public String property(String key, String defaultValue) {
    return properties.getOrDefault(Objects.requireNonNull(key, "key"), defaultValue);
  }

  /**
   * Returns these options with another timeout.
   *
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   */
  public CheckerOptions withTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("checker timeout must be positive, got " + timeout);
    }
    return new CheckerOptions(timeout, mode, properties);
  }

  /** Returns these options with another check mode. */
  public CheckerOptions withMode(CheckMode mode) {
    return new CheckerOptions(timeout, Objects.requireNonNull(mode, "mode"), properties);
  }

  /**
   * Returns these options with the checker-specific property {@code key} set to {@code value}. Which keys a
   * checker accepts is that checker's documentation; a checker rejects keys it does not know.
   */
  public CheckerOptions withProperty(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Map<String, String> copy = new LinkedHashMap<>(properties);
    copy.put(key, value);
    return new CheckerOptions(timeout, mode, Collections.unmodifiableMap(copy));
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof CheckerOptions)) {
      return false;
    }
    CheckerOptions that = (CheckerOptions) o;
    return timeout.equals(that.timeout) && mode == that.mode && properties.equals(that.properties);
  }

  @Override
  public int hashCode() {
    return Objects.hash(timeout, mode, properties);
  }

  @Override
  public String toString() {
    return "CheckerOptions{timeout=" + timeout + ", mode=" + mode + ", properties=" + properties + "}";
  }
}
