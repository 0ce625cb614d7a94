package io.github.pathcheck.nativeio.nvme;

import java.util.Optional;

/**
 * An Asymmetric Namespace Access state: how a controller gives access to the namespaces of an ANA group, with
 * the code the ANA log page carries and the name Linux's sysfs attribute {@code ana_state} shows.
 */
public enum AnaState {
  /** Optimized (01h): the path to use. */
  OPTIMIZED(0x01, "optimized"),
  /** Non-optimized (02h): usable, slower than an optimized path. */
  NON_OPTIMIZED(0x02, "non-optimized"),
  /** Inaccessible (03h): no I/O now; may become accessible. */
  INACCESSIBLE(0x03, "inaccessible"),
  /** Persistent loss (04h): no I/O, and it will not come back through this controller. */
  PERSISTENT_LOSS(0x04, "persistent-loss"),
  /** Change (0Fh): the group is changing state. */
  CHANGE(0x0f, "change");

  private final int code;
  private final String sysfsName;

  AnaState(int code, String sysfsName) {
    this.code = code;
    this.sysfsName = sysfsName;
  }

  /** Returns the state's code in the ANA log page (bits 3:0 of a group descriptor's state byte). */
  public int code() {
    return code;
  }

  /** Returns the state's name as Linux's sysfs {@code ana_state} shows it, such as {@code non-optimized}. */
  public String sysfsName() {
    return sysfsName;
  }

  /** Returns the state of log page code {@code code}, or empty for a reserved code. */
  public static Optional<AnaState> ofCode(int code) {
    for (AnaState state : values()) {
      if (state.code == code) {
        return Optional.of(state);
      }
    }
    return Optional.empty();
  }

  /** Returns the state sysfs names {@code name} (surrounding white space ignored), or empty for another word. */
  public static Optional<AnaState> ofSysfsName(String name) {
    String trimmed = name.trim();
    for (AnaState state : values()) {
      if (state.sysfsName.equals(trimmed)) {
        return Optional.of(state);
      }
    }
    return Optional.empty();
  }

  /** Returns {@link #sysfsName()}. */
  @Override
  public String toString() {
    return sysfsName;
  }
}
