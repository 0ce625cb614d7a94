package io.github.pathcheck.api;

/**
 * The generic checker messages shared by every checker: multipath-tools' strings, so hosts print the same
 * lines multipathd does.
 *
 * <p>A message is a fragment that follows the checker's name: a host prints {@code "<device>: <name>
 * checker<message>"}, for example {@code "sdb: directio checker reports path is up"}. Each checker adds its
 * own fragments in the same style (a leading space, no trailing period).
 */
public final class CheckerMessages {
  /** No message. */
  public static final String NONE = "";
  /** The host disabled the checker for this path. */
  public static final String DISABLED = " is disabled";
  /** The device has no open file descriptor. */
  public static final String NO_USABLE_FD = " has no usable fd";
  /** The check succeeded. */
  public static final String PATH_UP = " reports path is up";
  /** The check failed. */
  public static final String PATH_DOWN = " reports path is down";
  /** The path is in standby. */
  public static final String PATH_GHOST = " reports path is ghost";
  /** The checker cannot check this kind of device. */
  public static final String UNSUPPORTED_DEVICE = " doesn't support this device";
  /** The process may not access the device. */
  public static final String NO_ACCESS = " no access to this device";

  private CheckerMessages() {}

  /**
   * Returns the generic message for a final state: {@link #PATH_UP}, {@link #PATH_DOWN} or {@link
   * #PATH_GHOST}, and {@link #NONE} for every other state.
   *
   * @throws NullPointerException if {@code state} is null
   */
  public static String forState(PathState state) {
    switch (state) {
      case UP:
        return PATH_UP;
      case DOWN:
        return PATH_DOWN;
      case GHOST:
        return PATH_GHOST;
      default:
        return NONE;
    }
  }
}
