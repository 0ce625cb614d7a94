package io.github.pathcheck.nvme;

import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerProvider;
import java.util.Map;

/**
 * The {@code ana} checker for NVMe paths: the controller's state, and the path's Asymmetric Namespace Access state
 * as that controller itself reports it, asked through that controller only.
 *
 * <p><b>A path</b> is one namespace through one controller. The host names it by the controller's character
 * device, {@code /dev/nvmeN} (Linux makes no node for the per-path block device {@code nvmeXcNnY}, and with
 * native multipath the generic node {@code /dev/ngXnY} belongs to the multipath head, which routes through
 * whichever path the kernel picks), and the namespace by the per-path property {@code nsid}, which may be left
 * out when the controller shows one namespace. A namespace has the same identifier through every controller of
 * its subsystem, so the paths of namespace 1 are {@code /dev/nvme1} and {@code /dev/nvme2} with {@code nsid=1}.
 *
 * <p><b>A check</b> reads the controller's sysfs {@code state}, finds the path device of the namespace under it,
 * then sends Get Log Page for the ANA log (0Ch, Retain Asynchronous Event set, so the kernel's own handling of
 * ANA change events is undisturbed) to that controller through {@code NVME_IOCTL_ADMIN_CMD} on the host's
 * descriptor, with the checker timeout as the command timeout, and answers from the state of the group that
 * holds the namespace. The admin command goes to that controller only, over its own transport connection, so it
 * is the probe of that path and no other. With {@code read=yes} it also reads the namespace's first logical
 * block through the controller's own I/O queue ({@code NVME_IOCTL_IO_CMD} on the controller node) while the path
 * is accessible; Linux takes that only while the controller has one namespace, and logs a warning for each
 * call, so it is asked for per path.
 *
 * <p><b>Answers.</b>
 *
 * <ul>
 *   <li>up (" reports path is optimized", " reports path is non-optimized");
 *   <li>ghost (" reports path is inaccessible");
 *   <li>down (" reports path is in persistent loss");
 *   <li>pending (" reports path is changing its ANA state"), a final answer; {@code pending()} after it answers
 *       the same without asking the controller again;
 *   <li>down (" reports controller is resetting", or whatever state other than {@code live} sysfs shows, without
 *       sending a command; " reports controller is gone" once it was deleted; " reports namespace N is gone from
 *       controller nvmeZ" when the kernel no longer shows the namespace through it; " reports path is down: ..."
 *       naming the command and its status or errno for any other failure);
 *   <li>timeout (" timed out"): a command failed once the checker timeout had passed since the check began (the
 *       kernel aborted it at the command timeout and recovers the controller);
 *   <li>up (" reports path is up (no ANA)"): a controller that does not report ANA answered Identify Controller;
 *   <li>wild (" doesn't support this device"): the device is no NVMe controller's character device (a file, a
 *       block device, a SCSI node, a generic namespace node); wild (" has no usable fd") without a descriptor;
 *   <li>unchecked (" no access to this device") without the privilege Linux asks for passthrough ({@code
 *       CAP_SYS_ADMIN}); unchecked (" failed to initialize") when the check itself threw (logged).
 * </ul>
 *
 * <p><b>Synchronous and asynchronous.</b> The class is {@linkplain CheckerClass#isAsyncCapable()
 * asynchronous-capable} when the kernel says it offers io_uring for NVMe admin commands (Linux 6.1 or later,
 * {@code kernel.io_uring_disabled} not 2; read from {@code /proc} once), until opening the ring at the first
 * ASYNC init fails (a seccomp filter refusing io_uring): that init throws {@link
 * io.github.pathcheck.api.CheckerInitException}, and the class is synchronous from then on. A
 * {@link io.github.pathcheck.api.CheckMode#SYNC SYNC} checker sends its commands through the blocking ioctls
 * above: the framework calls it on a thread of its own and answers timeout for a check that outlasts the
 * checker timeout. An {@link io.github.pathcheck.api.CheckMode#ASYNC ASYNC} checker reads sysfs, sends the same
 * admin command through the class's io_uring ({@code IORING_OP_URING_CMD}, {@code NVME_URING_CMD_ADMIN} on the
 * controller node, Linux 6.1 and later) and answers pending (" is waiting on io_uring"); {@code pending()} reaps
 * the completion without blocking, and answers timeout (" timed out") once the checker timeout has passed with
 * the command in flight, which is not sent again until the kernel completes it. {@code awaitAnswers} waits on
 * the ring. An ASYNC {@code init} with {@code read=yes} throws {@link io.github.pathcheck.api.CheckerInitException}
 * (Linux takes I/O commands on a controller node only through the blocking ioctl). A kernel that takes no admin
 * command through io_uring completes it with {@code EOPNOTSUPP}: unchecked (" cannot send NVMe admin commands
 * through io_uring on this kernel ..."); a ring with as many commands in flight as it has completions for:
 * unchecked (" found no room on the io_uring ...").
 *
 * <p><b>Free, reset, unload.</b> The ring is opened at the first ASYNC init and shared by the class's checkers.
 * A checker freed while its command is in flight leaves the command, and its data buffer, to the ring, which
 * unmaps the buffer once the kernel completes it (Linux cannot cancel it; the command timeout bounds it while
 * the controller is live); {@code reset()} reaps such completions. {@code unload()} closes the ring at once, or,
 * while commands are in flight, returns a deferred result and closes it on a thread of its own ({@code
 * pathcheck-ana-ring-drain}) that ends once the last command completed; an unload during a synchronous check
 * returns a deferred result that completes when the check returns. The host keeps the device open until its
 * checker is freed.
 *
 * <p><b>Options.</b> No class options; the per-path properties {@code nsid} (a namespace identifier) and {@code
 * read} ({@code yes} or {@code no}, the default). {@code load} and {@code init} reject any other with {@link
 * IllegalArgumentException}. The provider is thread-safe and holds nothing.
 */
public final class AnaCheckerProvider implements CheckerProvider {
  /** The checker's name, {@value}. */
  public static final String NAME = "ana";

  /** Creates the provider; it holds nothing. */
  public AnaCheckerProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Returns a new ana checker class, which reads the host's sysfs and sends its commands to the kernel.
   *
   * @throws IllegalArgumentException if {@code classOptions} is not empty: the class has no options
   */
  @Override
  public CheckerClass load(Map<String, String> classOptions) {
    return new AnaCheckerClass(
        classOptions,
        KernelNvmeTransport.INSTANCE,
        NvmeSysfs.system(),
        CharacterDevices::numberOf,
        System::nanoTime,
        KernelRing.OPENER,
        Thread::new);
  }
}
