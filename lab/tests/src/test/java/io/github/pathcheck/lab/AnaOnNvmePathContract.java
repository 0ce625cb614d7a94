package io.github.pathcheck.lab;

import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import io.github.pathcheck.nvme.AnaCheckerProvider;
import io.github.pathcheck.testkit.CheckerContractKit;
import io.github.pathcheck.testkit.DeviceScenario;
import io.github.pathcheck.testkit.TestDevice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The testkit's contract for ana on a real NVMe path, a controller of the lab's nvmet subsystem whose ANA group is
 * optimized, where it answers up: the controller's node is set by {@link NvmeGuestScenarios} in the guest. Run by
 * that runner only: the name does not end in "Test", so Surefire does not run it on the host, which has no NVMe
 * path.
 */
public class AnaOnNvmePathContract extends CheckerContractKit {
  /** The system property naming the controller, e.g. {@code /dev/nvme0}. */
  static final String CONTROLLER_PROPERTY = "pathcheck.lab.nvmeController";

  @Override
  protected CheckerProvider provider() {
    return new AnaCheckerProvider();
  }

  /** True: the class checks asynchronously through an io_uring, which this kernel gives. */
  @Override
  protected boolean isAsyncCapable() {
    return true;
  }

  /**
   * A 60 s checker timeout: the guest runs under TCG, several times slower than a host, and the kit bounds its
   * races (tens of thousands of inits of real controllers, each reading sysfs) by multiples of the checker
   * timeout.
   */
  @Override
  protected CheckerOptions checkerOptions() {
    return CheckerOptions.defaults().withTimeout(Duration.ofSeconds(60));
  }

  @Override
  protected PathState expectedState() {
    return PathState.UP;
  }

  /** None of the kit's scratch devices: the guest's scratch directory has no {@code O_DIRECT}. */
  @Override
  protected List<DeviceScenario> deviceScenarios() {
    return List.of();
  }

  /** Opens the controller anew: each checker of the contract gets a descriptor of its own. */
  @Override
  protected TestDevice newDevice(Path scratchDirectory) throws Exception {
    String controller = System.getProperty(CONTROLLER_PROPERTY);
    if (controller == null) {
      throw new IllegalStateException(
          "no NVMe controller: the lab's NVMe runner sets " + CONTROLLER_PROPERTY + " before running the contract");
    }
    LinuxPathDevice device = LinuxPathDevice.open(Path.of(controller));
    return TestDevice.of(device, device::close);
  }
}
