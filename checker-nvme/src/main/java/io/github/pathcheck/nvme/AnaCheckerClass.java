package io.github.pathcheck.nvme;

import io.github.pathcheck.api.AbstractChecker;
import io.github.pathcheck.api.AbstractCheckerClass;
import io.github.pathcheck.api.CheckerInitException;
import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.UnloadResult;
import io.github.pathcheck.nativeio.NativeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ana checker class; see {@link AnaCheckerProvider}. Asynchronous-capable when it was given a way to open an
 * io_uring and the kernel gives one: its {@link CheckMode#ASYNC} checkers then share one {@link AdminRing},
 * opened at the first such init and closed at unload; {@link CheckMode#SYNC} checkers block until the controller
 * answers. No class options; the per-path properties {@code nsid} and {@code read}. Thread-safe.
 */
final class AnaCheckerClass extends AbstractCheckerClass {
  private static final Logger logger = LoggerFactory.getLogger(AnaCheckerClass.class);

  static final String NSID = "nsid";
  static final String READ = "read";

  private final NvmeTransport transport;
  private final NvmeSysfs sysfs;
  private final Function<PathDevice, Optional<DeviceNumber>> characterDevices;
  private final LongSupplier nanoTime;
  private final RingCalls.Opener rings; // null: synchronous only
  private final ThreadFactory threads;

  private final Object ringLock = new Object();
  private Boolean asyncCapable; // guarded by ringLock; null until asked
  private AdminRing ring; // guarded by ringLock; opened at the first asynchronous init

  /**
   * Creates a synchronous class.
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
    this(classOptions, transport, sysfs, characterDevices, nanoTime, null, Thread::new);
  }

  /**
   * Creates the class.
   *
   * @param characterDevices the number of the character device a path has open, empty for anything else
   * @param rings opens the io_uring of asynchronous checks; null for a synchronous class
   * @param threads makes the thread that closes the ring at unload while commands are in flight
   * @throws IllegalArgumentException if {@code classOptions} is not empty
   */
  AnaCheckerClass(
      Map<String, String> classOptions,
      NvmeTransport transport,
      NvmeSysfs sysfs,
      Function<PathDevice, Optional<DeviceNumber>> characterDevices,
      LongSupplier nanoTime,
      RingCalls.Opener rings,
      ThreadFactory threads) {
    super(AnaCheckerProvider.NAME, classOptions, Set.of());
    this.rings = rings;
    this.threads = Objects.requireNonNull(threads, "threads");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.sysfs = Objects.requireNonNull(sysfs, "sysfs");
    this.characterDevices = Objects.requireNonNull(characterDevices, "characterDevices");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /**
   * Returns whether this class checks asynchronously: when the kernel says it offers io_uring rings that take
   * NVMe admin commands (Linux 6.1 or later, io_uring not disabled; read from {@code /proc}, without a system
   * call), until opening the ring fails (a seccomp filter refusing io_uring shows only then). When it is false,
   * every check is synchronous.
   */
  @Override
  public boolean isAsyncCapable() {
    if (rings == null) {
      return false;
    }
    synchronized (ringLock) {
      if (asyncCapable == null) {
        asyncCapable = rings.offered();
        if (!asyncCapable) {
          logger.info("the ana checker runs synchronous checks only: the kernel offers no io_uring for NVMe admin commands");
        }
      }
      return asyncCapable;
    }
  }

  /**
   * Waits until the asynchronous checks in flight have their answers, reaping them, or until {@code maxWait}
   * passed. Returns true: the class can tell, also when nothing is in flight.
   */
  @Override
  public boolean awaitAnswers(Duration maxWait) throws InterruptedException {
    Objects.requireNonNull(maxWait, "maxWait");
    AdminRing current;
    synchronized (ringLock) {
      current = ring;
    }
    if (current == null || isUnloaded()) {
      return true;
    }
    long now = nanoTime.getAsLong();
    long nanos = maxWait.isNegative() ? 0 : saturatedNanos(maxWait);
    current.awaitAnswers(now + nanos < now ? Long.MAX_VALUE : now + nanos);
    return true;
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Reaps the completions of commands that freed checkers abandoned, which unmaps their buffers. */
  @Override
  protected void onReset() {
    AdminRing current;
    synchronized (ringLock) {
      current = ring;
    }
    if (current != null) {
      current.reap();
    }
  }

  /**
   * Closes the ring: at once, or, while commands of freed checkers are still in flight, on a thread that waits
   * for the kernel to complete them (deferred).
   */
  @Override
  protected UnloadResult onUnload() {
    AdminRing current;
    synchronized (ringLock) {
      current = ring;
    }
    return current == null ? UnloadResult.complete() : current.closeWhenIdle(threads);
  }

  /** Returns the class's ring, opening it on first use. */
  private AdminRing ring(PathDevice device) throws CheckerInitException {
    synchronized (ringLock) {
      if (ring == null) {
        try {
          ring = new AdminRing(rings.open(), nanoTime);
        } catch (NativeException e) {
          asyncCapable = false; // the host's next init is synchronous
          logger.warn("the ana checker runs synchronous checks only from now on: {}", e.getMessage());
          throw new CheckerInitException(
              "cannot check " + device.path() + " asynchronously: the kernel gives the ana checker no io_uring ("
                  + e.getMessage()
                  + "); init it with mode sync, as the class now says it is synchronous",
              e);
        }
      }
      return ring;
    }
  }

  /** Returns the ring, if one was opened; for tests. */
  AdminRing openRing() {
    synchronized (ringLock) {
      return ring;
    }
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
      return new AnaChecker(this, device, null, 1, false, options.timeout(), transport, null, nanoTime);
    }
    boolean async = options.mode() == CheckMode.ASYNC && isAsyncCapable();
    if (async && read) {
      throw new CheckerInitException(
          device.path()
              + ": read=yes reads through the controller's own I/O queue, which Linux offers through a blocking"
              + " ioctl only; init this checker with mode sync, or use read=no");
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
    return new AnaChecker(
        this,
        device,
        controller.get(),
        nsid,
        read,
        options.timeout(),
        transport,
        async ? ring(device) : null,
        nanoTime);
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
