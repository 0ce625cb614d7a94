package io.github.pathcheck.directio;

import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerProvider;
import java.util.Map;
import java.util.Objects;

/**
 * Provides the {@code directio} checker ({@link DirectioCheckerClass}). Holds nothing; each {@link #load} returns
 * a new, independent class with its own aio groups.
 *
 * <p>Class options: {@code groupSize}, the number of checkers that share one kernel aio context, an integer
 * from 1 to 65536 (default 1024). Larger groups mean fewer {@code io_destroy} calls and fewer contexts against
 * {@code fs.aio-max-nr}; each group reserves {@code groupSize} aio events.
 */
public final class DirectioCheckerProvider implements CheckerProvider {
  /** The class option naming the number of checkers per aio group. */
  static final String GROUP_SIZE = "groupSize";

  /** multipath-tools' {@code AIO_GROUP_SIZE}. */
  static final int DEFAULT_GROUP_SIZE = 1024;

  /** The largest group: {@code io_setup}'s ring grows with it, and fs.aio-max-nr defaults to 65536. */
  static final int MAX_GROUP_SIZE = 65536;

  /**
   * How long reset and unload wait at least for a group with reads in flight: covers the RCU grace period of
   * {@code io_destroy} even on machines with hundreds of CPUs.
   */
  static final long DESTROY_ALLOWANCE_NANOS = 1_000_000_000L;

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public DirectioCheckerProvider() {}

  @Override
  public String name() {
    return DirectioCheckerClass.NAME;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if {@code classOptions} has a key other than {@code groupSize}, or a
   *     {@code groupSize} that is not an integer from 1 to 65536
   */
  @Override
  public CheckerClass load(Map<String, String> classOptions) {
    int groupSize = groupSize(classOptions);
    return new DirectioCheckerClass(
        new KernelAio(), System::nanoTime, groupSize, DESTROY_ALLOWANCE_NANOS);
  }

  /** Parses and checks the class options; returns {@code groupSize}. */
  static int groupSize(Map<String, String> classOptions) {
    Objects.requireNonNull(classOptions, "classOptions");
    for (String key : classOptions.keySet()) {
      if (!key.equals(GROUP_SIZE)) {
        throw new IllegalArgumentException(
            "unknown directio class option '" + key + "'; the accepted option is " + GROUP_SIZE);
      }
    }
    String value = classOptions.get(GROUP_SIZE);
    if (value == null) {
      return DEFAULT_GROUP_SIZE;
    }
    int groupSize;
    try {
      groupSize = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      groupSize = -1;
    }
    if (groupSize < 1 || groupSize > MAX_GROUP_SIZE) {
      throw new IllegalArgumentException(
          "directio class option "
              + GROUP_SIZE
              + " must be an integer from 1 to "
              + MAX_GROUP_SIZE
              + " (default "
              + DEFAULT_GROUP_SIZE
              + "), got '"
              + value
              + "'");
    }
    return groupSize;
  }

  @Override
  public String toString() {
    return "DirectioCheckerProvider";
  }
}
