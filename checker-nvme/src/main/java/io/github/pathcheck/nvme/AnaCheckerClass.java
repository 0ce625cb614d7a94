package io.github.pathcheck.nvme;

import io.github.pathcheck.api.AbstractChecker;
import io.github.pathcheck.api.AbstractCheckerClass;
import io.github.pathcheck.api.CheckerInitException;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathDevice;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The ana checker class; see {@link AnaCheckerProvider}. Synchronous: its checks block until the controller
 * answers. No class options; the per-path properties {@code nsid} and {@code read}. Its checkers share nothing but
 * the transport and sysfs. Thread-safe.
 */
final class AnaCheckerClass extends AbstractCheckerClass {
  static final String NSID = "nsid";
  static final String READ = "read";

  private final NvmeTransport transport;
  private final NvmeSysfs sysfs;
  private final Function<PathDevice, Optional<DeviceNumber>> characterDevices;
  private final LongSupplier nanoTime;

  /**
   * Creates the class.
   *
   * @param characterDevices the number of the character device a path has open, empty for anything else
   * @throws IllegalArgumentException if {@code classOptions} is not empty
   */
  AnaCheckerClass(
      Map<String, String> classOptions,
      NvmeTransport transport,
      NvmeSysfs sysfs,
      Function<PathDevice, Optional<DeviceNumber>> characterDevices,
      LongSupplier nanoTime) {
    super(AnaCheckerProvider.NAME, classOptions, Set.of());
    this.transport = Objects.requireNonNull(transport, "transport");
    this.sysfs = Objects.requireNonNull(sysfs, "sysfs");
    this.characterDevices = Objects.requireNonNull(characterDevices, "characterDevices");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  @Override
  protected Set<String> acceptedProperties() {
    return Set.of(NSID, READ);
  }

  /**
   * Finds the controller the device is, and the namespace the path is. A device that is no NVMe controller gets a
   * checker that answers wild.
   *
   * @throws IllegalArgumentException if {@code nsid} or {@code read} has a value they cannot take
   * @throws CheckerInitException if the controller shows several namespaces and {@code nsid} names none, shows
   *     none at all, or {@code read=yes} is asked of a controller with several namespaces
   */
  @Override
  protected AbstractChecker newChecker(PathDevice device, CheckerOptions options) throws CheckerInitException {
    int nsid = parseNsid(device, options.property(NSID, null));
    boolean read = parseRead(device, options.property(READ, "no"));
    Optional<NvmeSysfs.Controller> controller =
        characterDevices.apply(device).flatMap(sysfs::controllerOf);
    if (controller.isEmpty()) {
      return new AnaChecker(this, device, null, 1, false, options.timeout(), transport, nanoTime);
    }
    List<NvmeSysfs.PathDevice> paths = controller.get().paths();
    if (nsid == 0) {
      if (paths.size() != 1) {
        throw new CheckerInitException(
            device.path()
                + " is NVMe controller "
                + controller.get()
                + (paths.isEmpty()
                    ? ", which shows no namespace: attach one, or check again once the controller is live"
                    : ", which has namespaces " + nsids(paths) + ": name one with the property nsid (nsid=N)"));
      }
      nsid = paths.get(0).nsid();
    }
    if (read && paths.size() > 1) {
      throw new CheckerInitException(
          device.path()
              + " is NVMe controller "
              + controller.get()
              + ", which has namespaces "
              + nsids(paths)
              + ": Linux reads through a controller's own queue only while it has one namespace; use read=no");
    }
    return new AnaChecker(this, device, controller.get(), nsid, read, options.timeout(), transport, nanoTime);
  }

  private static String nsids(List<NvmeSysfs.PathDevice> paths) {
    return paths.stream().map(p -> Integer.toUnsignedString(p.nsid())).collect(Collectors.joining(", "));
  }

  /** Returns the namespace identifier the property names, or 0 when it is not set. */
  private static int parseNsid(PathDevice device, String value) {
    if (value == null) {
      return 0;
    }
    try {
      int nsid = Integer.parseUnsignedInt(value.trim());
      if (nsid != 0 && nsid != -1) {
        return nsid;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "the ana checker's property nsid for "
            + device.path()
            + " must be a namespace identifier, 1 to 4294967294, got \""
            + value
            + "\"");
  }

  private static boolean parseRead(PathDevice device, String value) {
    switch (value.trim()) {
      case "yes":
        return true;
      case "no":
        return false;
      default:
        throw new IllegalArgumentException(
            "the ana checker's property read for " + device.path() + " is yes or no, got \"" + value + "\"");
    }
  }
}
