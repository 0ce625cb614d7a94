package io.github.pathcheck.lab;

import io.github.pathcheck.api.PathState;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import io.github.pathcheck.testkit.CheckerContractKit;
import io.github.pathcheck.testkit.DeviceScenario;
import io.github.pathcheck.testkit.TestDevice;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The testkit's contract on a real device of the lab's guest, where the checker answers up: the device's path
 * is a system property a guest runner sets before it runs the contract, and each checker of the contract gets a
 * descriptor of its own. None of the kit's unhealthy scratch devices run: the guest's scratch directory (9p under
 * an overlay) has no {@code O_DIRECT}, the host's own contract tests of each checker run those scenarios, and
 * the guest runners' scenarios are the real faults; nor does the isolation contract (see {@link #pluginJar()}). Subclasses' names do not end in "Test", so Surefire does
 * not run them on the host, which has no such device.
 */
abstract class GuestDeviceContract extends CheckerContractKit {
  private final String property;
  private final String device;

  /**
   * @param property the system property naming the device
   * @param device what the device is, for the error when the property is missing ("SCSI disk")
   */
  GuestDeviceContract(String property, String device) {
    this.property = property;
    this.device = device;
  }

  @Override
  protected PathState expectedState() {
    return PathState.UP;
  }

  @Override
  protected List<DeviceScenario> deviceScenarios() {
    return List.of();
  }

  /** None: the isolation contract needs no real device, and each checker's own contract test on the host runs it. */
  @Override
  protected Optional<Path> pluginJar() {
    return Optional.empty();
  }

  @Override
  protected TestDevice newDevice(Path scratchDirectory) throws Exception {
    String path = System.getProperty(property);
    if (path == null) {
      throw new IllegalStateException(
          "no " + device + ": the lab's guest runner sets " + property + " before running the contract");
    }
    LinuxPathDevice opened = LinuxPathDevice.open(Path.of(path));
    return TestDevice.of(opened, opened::close);
  }
}
