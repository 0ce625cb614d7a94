package io.github.pathcheck.directio;

import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.nativeio.Errno;

/** The message of an init that could not create an aio group: what failed, why, and the fix. */
final class IoSetupFailures {
  private IoSetupFailures() {}

  /**
   * Describes a failed {@code io_setup(groupSize)} for the init of {@code device}.
   *
   * @param errno the positive errno
   * @param kernel where the system-wide aio limits are read, for {@code EAGAIN}
   */
  static String describe(PathDevice device, int groupSize, int errno, AioKernel kernel) {
    String prefix =
        device.path()
            + ": directio cannot create an aio group: io_setup("
            + groupSize
            + ") failed with "
            + Errno.name(errno);
    switch (errno) {
      case Errno.EAGAIN:
        return prefix + limitReached(groupSize, kernel.limits());
      case Errno.ENOSYS:
        return prefix + ": the kernel has no aio support (CONFIG_AIO); use another checker such as tur";
      case Errno.ENOMEM:
        return prefix + ": out of memory for the aio ring; free memory or lower the class option groupSize";
      case Errno.EINVAL:
        return prefix + ": the kernel refuses this many events; lower the class option groupSize";
      default:
        return prefix;
    }
  }

  private static String limitReached(int groupSize, AioLimits limits) {
    long suggested =
        limits.maxNr() > 0
            ? Math.max(2 * limits.maxNr(), Math.max(limits.nr(), 0) + 4L * groupSize)
            : 4L * groupSize;
    return ": the system-wide limit of aio events is reached (fs.aio-max-nr = "
        + known(limits.maxNr())
        + ", fs.aio-nr = "
        + known(limits.nr())
        + " in use; a group of "
        + groupSize
        + " reserves at least "
        + groupSize
        + " more). Raise the limit, for example: sysctl -w fs.aio-max-nr="
        + suggested
        + " (or lower the class option groupSize)";
  }

  private static String known(long value) {
    return value < 0 ? "unknown" : Long.toString(value);
  }
}
