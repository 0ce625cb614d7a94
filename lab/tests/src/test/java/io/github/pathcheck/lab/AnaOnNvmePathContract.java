package io.github.pathcheck.lab;

import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.nvme.AnaCheckerProvider;
import java.time.Duration;

/**
 * The testkit's contract for ana on a real NVMe path, a controller of the lab's nvmet subsystem whose ANA group is
 * optimized, where it answers up: the controller's node is set by {@link NvmeGuestScenarios} in the guest.
 */
public class AnaOnNvmePathContract extends GuestDeviceContract {
  /** The system property naming the controller, e.g. {@code /dev/nvme0}. */
  static final String CONTROLLER_PROPERTY = "pathcheck.lab.nvmeController";

  public AnaOnNvmePathContract() {
    super(CONTROLLER_PROPERTY, "NVMe controller");
  }

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
}
