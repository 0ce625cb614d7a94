package io.github.pathcheck.testkit;

import io.github.pathcheck.api.PathState;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import io.github.pathcheck.nativeio.LoopDevice;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An unhealthy device the {@link CheckerContractKit} runs its contracts on ({@link
 * CheckerContractKit#unhealthyDevicesThroughTheFramework()}, {@link
 * CheckerContractKit#unhealthyDevicesAsynchronously()}), with the answers a checker may give for it: a name, a
 * factory that opens a fresh device, whether its reads hang, and the expected final states (any final state
 * when none is given).
 *
 * <p>The kit's own are {@link #truncatedFile()} and {@link #hangingDevice()}; an author adds their own, or
 * narrows the expected answers, by overriding {@link CheckerContractKit#deviceScenarios()}:
 *
 * <pre>{@code
 * @Override
 * protected List<DeviceScenario> deviceScenarios() {
 *   return List.of(
 *       DeviceScenario.truncatedFile().expecting(PathState.DOWN),
 *       DeviceScenario.hangingDevice().expecting(PathState.DOWN, PathState.TIMEOUT),
 *       DeviceScenario.of("an offline disk", dir -> myOfflineDisk(dir), PathState.DOWN));
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class DeviceScenario {
  /** Opens a fresh device for one checker of a scenario. */
  @FunctionalInterface
  public interface Factory {
    /**
     * Opens the device; the kit closes it after the checker is freed.
     *
     * @param scratchDirectory a temporary directory of this test, on a file system that supports {@code
     *     O_DIRECT}
     * @param blockDevice whether the checker needs a block device ({@link CheckerContractKit#needsBlockDevice()})
     */
    TestDevice open(Path scratchDirectory, boolean blockDevice) throws Exception;
  }

  private static final String TRUNCATED_FILE = "a truncated file";
  private static final Factory TRUNCATED_FILE_FACTORY = DeviceScenario::openTruncated;

  private final String name;
  private final Factory factory;
  private final boolean hangs;
  private final Set<PathState> expected;

  private DeviceScenario(String name, Factory factory, boolean hangs, Set<PathState> expected) {
    this.name = Objects.requireNonNull(name, "name");
    this.factory = Objects.requireNonNull(factory, "factory");
    this.hangs = hangs;
    this.expected = expected;
  }

  /**
   * Returns a scenario of the author's: devices from {@code factory}, answered with one of {@code expected}
   * (any final state when none is given).
   */
  public static DeviceScenario of(String name, Factory factory, PathState... expected) {
    return new DeviceScenario(name, factory, false, states(expected));
  }

  /**
   * Returns the kit's truncated file: a scratch file cut to 0 bytes (behind a loop device attached before the
   * cut, when the checker needs a block device: a shrunk loop device). Any final state by default.
   */
  public static DeviceScenario truncatedFile() {
    return new DeviceScenario(TRUNCATED_FILE, TRUNCATED_FILE_FACTORY, false, Set.of());
  }

  /** Returns whether this is the kit's {@link #truncatedFile()}, narrowed or not. */
  boolean isKitsTruncatedFile() {
    return name.equals(TRUNCATED_FILE) && factory == TRUNCATED_FILE_FACTORY;
  }

  /**
   * Returns the kit's hanging device: a {@link HangingDevice} whose reads are held from the first check until
   * the kit releases them (behind a loop device when the checker needs a block device). Any final state by
   * default: the framework answers {@link PathState#TIMEOUT} for a checker that does not answer in time.
   * Skipped with a message where FUSE, gcc or root is missing; failed instead under {@code
   * PATHCHECK_REQUIRE_PRIVILEGED_TESTS=1}.
   */
  public static DeviceScenario hangingDevice() {
    return new DeviceScenario("a hanging device", DeviceScenario::openHanging, true, Set.of());
  }

  /** Returns this scenario expecting one of {@code states} as the final answer. */
  public DeviceScenario expecting(PathState... states) {
    return new DeviceScenario(name, factory, hangs, states(states));
  }

  /** Returns the scenario's name, as the kit's reports show it. */
  public String name() {
    return name;
  }

  /** Returns the expected final states; empty means any final state. */
  public Set<PathState> expected() {
    return expected;
  }

  /** Returns whether the device's reads hang until the kit releases them. */
  public boolean hangs() {
    return hangs;
  }

  /** Opens a fresh device of this scenario. */
  TestDevice open(Path scratchDirectory, boolean blockDevice) throws Exception {
    TestDevice device = factory.open(scratchDirectory, blockDevice);
    if (device == null) {
      throw new AssertionError("the device factory of the scenario \"" + name + "\" returned null");
    }
    return device;
  }

  @Override
  public String toString() {
    return name + (expected.isEmpty() ? "" : " (expecting " + expected + ")");
  }

  private static Set<PathState> states(PathState... states) {
    return states.length == 0 ? Set.of() : Set.copyOf(EnumSet.copyOf(Arrays.asList(states)));
  }

  private static TestDevice openTruncated(Path directory, boolean blockDevice) throws Exception {
    ScratchDisk disk = ScratchDisk.create(directory, 1 << 20);
    LoopDevice loop = null;
    try {
      Path path = disk.path();
      if (blockDevice) {
        loop = LoopDevice.attach(disk.path());
        path = loop.path();
      }
      try (FileChannel file = FileChannel.open(disk.path(), StandardOpenOption.WRITE)) {
        file.truncate(0);
      }
      LinuxPathDevice device = LinuxPathDevice.open(path);
      return loop == null ? TestDevice.of(device, disk, device::close) : TestDevice.of(device, disk, loop, device::close);
    } catch (Exception | Error e) {
      if (loop != null) {
        loop.close();
      }
      disk.close();
      throw e;
    }
  }

  private static TestDevice openHanging(Path directory, boolean blockDevice) throws Exception {
    Optional<String> missing = HangingDevice.unavailableReason();
    PrivilegedTests.assumePrivilege(missing.isEmpty(), missing.orElse(""));
    HangingDevice hanging = HangingDevice.mount(directory, 1 << 20);
    LoopDevice loop = null;
    try {
      Path path = hanging.file();
      if (blockDevice) {
        loop = LoopDevice.attach(hanging.file());
        path = loop.path();
      }
      LinuxPathDevice device = LinuxPathDevice.open(path);
      hanging.hang();
      return new HangingTestDevice(
          loop == null ? TestDevice.of(device, hanging, device::close) : TestDevice.of(device, hanging, loop, device::close),
          hanging);
    } catch (Exception | Error e) {
      if (loop != null) {
        loop.close();
      }
      hanging.close();
      throw e;
    }
  }

  /** A test device over a {@link HangingDevice}, which the kit releases before it closes anything. */
  static final class HangingTestDevice implements TestDevice {
    private final TestDevice device;
    private final HangingDevice hanging;

    HangingTestDevice(TestDevice device, HangingDevice hanging) {
      this.device = device;
      this.hanging = hanging;
    }

    HangingDevice hanging() {
      return hanging;
    }

    @Override
    public Path path() {
      return device.path();
    }

    @Override
    public int fd() {
      return device.fd();
    }

    @Override
    public void close() throws IOException {
      device.close();
    }

    @Override
    public String toString() {
      return "HangingTestDevice{" + device + "}";
    }
  }
}
