package io.github.pathcheck.nvme;

import io.github.pathcheck.api.AbstractChecker;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.nativeio.Errno;
import io.github.pathcheck.nativeio.nvme.AnaGroup;
import io.github.pathcheck.nativeio.nvme.AnaLogPage;
import io.github.pathcheck.nativeio.nvme.AnaState;
import io.github.pathcheck.nativeio.nvme.NvmeCommand;
import io.github.pathcheck.nativeio.nvme.NvmeCompletion;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ana checker for one path, one namespace through one controller; the behaviour is described on {@link
 * AnaCheckerProvider}. Without a ring (synchronous mode) its probe blocks on the calling thread until the
 * controller answers. With one (asynchronous mode) the probe reads sysfs, sends the admin command through the
 * class's {@link AdminRing} and answers pending; {@link #poll()} collects the completion without waiting.
 *
 * <p>The fields of the check in flight are confined to the thread of the current call: the framework makes one
 * call at a time.
 */
final class AnaChecker extends AbstractChecker {
  private static final Logger logger = LoggerFactory.getLogger(AnaChecker.class);

  /** The first read of the ANA log page; a page that needs more is read again at its length, up to the cap. */
  static final int FIRST_LOG_LENGTH = 4096;
  private static final long MAX_LOG_LENGTH = 1 << 20;
  /** What the kernel completes a passthrough command with when the file takes none through io_uring. */
  private static final int EOPNOTSUPP = 95;

  private final NvmeTransport transport;
  private final NvmeSysfs.Controller controller; // null: not an NVMe controller, the answer is wild
  private final int nsid;
  private final boolean read;
  private final Duration timeout;
  private final long timeoutNanos;
  private final LongSupplier nanoTime;
  private final CheckResult namespaceGone;

  private final AdminRing ring; // null: synchronous
  private boolean changing; // whether the last check answered change; calls are serialised

  // The asynchronous check in flight.
  private AdminCommand command; // null when none
  private NvmeSysfs.PathDevice commandPath;
  private long started;
  private boolean checked; // looked at since it was sent (multipath's checked_state)

  AnaChecker(
      AnaCheckerClass owner,
      PathDevice device,
      NvmeSysfs.Controller controller,
      int nsid,
      boolean read,
      Duration timeout,
      NvmeTransport transport,
      AdminRing ring,
      LongSupplier nanoTime) {
    super(owner, device);
    this.ring = ring;
    this.controller = controller;
    this.nsid = nsid;
    this.read = read;
    this.timeout = timeout;
    this.timeoutNanos = timeout.toNanos();
    this.transport = transport;
    this.nanoTime = nanoTime;
    this.namespaceGone =
        controller == null
            ? CheckResult.UNSUPPORTED_DEVICE
            : CheckResult.of(
                PathState.DOWN,
                " reports namespace " + Integer.toUnsignedString(nsid) + " is gone from controller " + controller);
  }

  @Override
  protected CheckResult probe() {
    CheckResult answer;
    try {
      if (controller == null) {
        answer = CheckResult.UNSUPPORTED_DEVICE;
      } else if (ring == null) {
        answer = checkPath();
      } else if (command != null) {
        checked = true;
        answer = collect();
      } else {
        answer = startCheck();
      }
    } catch (RuntimeException | LinkageError e) {
      logger.error("ana check of {} failed; answering unchecked", device().path(), e);
      answer = AnaAnswers.FAILED;
    }
    changing = answer.equals(AnaAnswers.CHANGE);
    return answer;
  }

  /**
   * Collects the asynchronous check in flight, without waiting: its answer once the ring has its completion,
   * pending while not, timeout once the checker timeout has passed. Without a check in flight, answers a changing
   * path's {@code pending()}, the one call the protocol allows after a {@link PathState#PENDING} answer: change
   * again, without asking the controller. After any other answer there is nothing to collect.
   */
  @Override
  protected CheckResult poll() {
    if (command == null) {
      return changing ? AnaAnswers.CHANGE : super.poll();
    }
    checked = true;
    CheckResult answer;
    try {
      answer = collect();
    } catch (RuntimeException | LinkageError e) {
      logger.error("ana check of {} failed; answering unchecked", device().path(), e);
      answer = AnaAnswers.FAILED;
    }
    changing = answer.equals(AnaAnswers.CHANGE);
    return answer;
  }

  @Override
  protected boolean waitAdvised() {
    return command != null && !checked;
  }

  /** Abandons a command still in flight to the ring, which unmaps its buffer once the kernel completes it. */
  @Override
  protected void release() {
    if (command != null) {
      ring.abandon(command);
      command = null;
    }
  }

  /** Reads sysfs as {@link #checkPath()} does, then sends the first command through the ring. */
  private CheckResult startCheck() {
    started = nanoTime.getAsLong();
    Optional<String> state = controller.state();
    if (state.isEmpty()) {
      return AnaAnswers.CONTROLLER_GONE;
    }
    if (!state.get().equals("live")) {
      return AnaAnswers.controllerNotLive(state.get());
    }
    Optional<NvmeSysfs.PathDevice> path = controller.path(nsid);
    if (path.isEmpty()) {
      return namespaceGone;
    }
    commandPath = path.get();
    return send(
        path.get().anaState().isEmpty()
            ? NvmeCommand.identifyController()
            : NvmeCommand.anaLogPage(FIRST_LOG_LENGTH));
  }

  private CheckResult send(NvmeCommand next) {
    AdminCommand sent = ring.submit(device().fd(), next, timeout);
    if (sent == null) {
      return AnaAnswers.RING_FULL;
    }
    command = sent;
    checked = false;
    return collect();
  }

  /** Answers from the command in flight: its answer once completed, else pending, or timeout past the deadline. */
  private CheckResult collect() {
    NvmeCompletion completion = ring.poll(command);
    if (completion == null) {
      return nanoTime.getAsLong() - started >= timeoutNanos ? AnaAnswers.TIMED_OUT : AnaAnswers.WAITING;
    }
    NvmeCommand done = command.command();
    command = null;
    if (completion.isIoctlFailed() && completion.errno() == EOPNOTSUPP) {
      return AnaAnswers.RING_UNSUPPORTED;
    }
    if (done.opcode() == NvmeCommand.OPCODE_IDENTIFY) {
      return completion.isSuccess() ? AnaAnswers.UP_WITHOUT_ANA : failure("Identify", completion, started);
    }
    if (!completion.isSuccess()) {
      return failure("Get Log Page (ANA)", completion, started);
    }
    AnaLogPage page = AnaLogPage.parse(completion.data());
    int length = done.dataLength();
    if (!page.isComplete() && page.requiredLength() > length && page.requiredLength() <= MAX_LOG_LENGTH) {
      return send(NvmeCommand.anaLogPage((int) ((page.requiredLength() + 3) & ~3L)));
    }
    return answer(page, commandPath, started);
  }

  private CheckResult checkPath() {
    long start = nanoTime.getAsLong();
    Optional<String> state = controller.state();
    if (state.isEmpty()) {
      return AnaAnswers.CONTROLLER_GONE;
    }
    if (!state.get().equals("live")) {
      return AnaAnswers.controllerNotLive(state.get());
    }
    Optional<NvmeSysfs.PathDevice> path = controller.path(nsid);
    if (path.isEmpty()) {
      return namespaceGone;
    }
    if (path.get().anaState().isEmpty()) {
      return identifyController(start);
    }
    int length = FIRST_LOG_LENGTH;
    while (true) {
      NvmeCompletion completion = transport.admin(device(), NvmeCommand.anaLogPage(length), timeout);
      if (!completion.isSuccess()) {
        return failure("Get Log Page (ANA)", completion, start);
      }
      AnaLogPage page = AnaLogPage.parse(completion.data());
      if (!page.isComplete() && page.requiredLength() > length && page.requiredLength() <= MAX_LOG_LENGTH) {
        length = (int) ((page.requiredLength() + 3) & ~3L);
        continue;
      }
      return answer(page, path.get(), start);
    }
  }

  private CheckResult answer(AnaLogPage page, NvmeSysfs.PathDevice path, long start) {
    Optional<AnaGroup> group = page.groupOf(nsid);
    if (group.isEmpty()) {
      return AnaAnswers.down(
          "namespace " + Integer.toUnsignedString(nsid) + " is in no ANA group of controller " + controller);
    }
    Optional<AnaState> state = group.get().state();
    if (state.isEmpty()) {
      return AnaAnswers.down(
          "ANA group " + group.get().id() + " is in reserved state 0x" + Integer.toHexString(group.get().stateCode()));
    }
    CheckResult answer = AnaAnswers.of(state.get());
    if (read && answer.state() == PathState.UP) {
      return readFirstBlock(path, answer, start);
    }
    return answer;
  }

  /** Reads the namespace's first logical block through this controller's own I/O queue. */
  private CheckResult readFirstBlock(NvmeSysfs.PathDevice path, CheckResult whenRead, long start) {
    Optional<Integer> blockSize = path.logicalBlockSize();
    if (blockSize.isEmpty() || blockSize.get() <= 0 || Integer.bitCount(blockSize.get()) != 1) {
      return AnaAnswers.down("no logical block size for " + path.name() + " in sysfs");
    }
    NvmeCompletion completion = transport.io(device(), NvmeCommand.read(nsid, 0, 1, blockSize.get()), timeout);
    return completion.isSuccess() ? whenRead : failure("Read", completion, start);
  }

  private CheckResult identifyController(long start) {
    NvmeCompletion completion = transport.admin(device(), NvmeCommand.identifyController(), timeout);
    return completion.isSuccess() ? AnaAnswers.UP_WITHOUT_ANA : failure("Identify", completion, start);
  }

  private CheckResult failure(String command, NvmeCompletion completion, long start) {
    if (nanoTime.getAsLong() - start >= timeoutNanos) {
      return AnaAnswers.TIMED_OUT;
    }
    if (completion.isIoctlFailed()) {
      int errno = completion.errno();
      if (errno == Errno.EACCES || errno == Errno.EPERM) {
        return CheckResult.NO_ACCESS;
      }
      if (errno == Errno.ENOTTY) {
        return CheckResult.UNSUPPORTED_DEVICE;
      }
    } else if (completion.isPathStatus(NvmeCompletion.SC_ANA_INACCESSIBLE)) {
      return AnaAnswers.INACCESSIBLE;
    } else if (completion.isPathStatus(NvmeCompletion.SC_ANA_PERSISTENT_LOSS)) {
      return AnaAnswers.PERSISTENT_LOSS;
    } else if (completion.isPathStatus(NvmeCompletion.SC_ANA_TRANSITION)) {
      return AnaAnswers.CHANGE;
    }
    return AnaAnswers.down(command + " " + completion.describe());
  }
}
