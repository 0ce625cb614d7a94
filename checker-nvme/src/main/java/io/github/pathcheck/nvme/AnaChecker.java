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
 * AnaCheckerProvider}. Its probe blocks on the calling thread until the controller answers.
 */
final class AnaChecker extends AbstractChecker {
  private static final Logger logger = LoggerFactory.getLogger(AnaChecker.class);

  /** The first read of the ANA log page; a page that needs more is read again at its length, up to the cap. */
  static final int FIRST_LOG_LENGTH = 4096;
  private static final long MAX_LOG_LENGTH = 1 << 20;

  private final NvmeTransport transport;
  private final NvmeSysfs.Controller controller; // null: not an NVMe controller, the answer is wild
  private final int nsid;
  private final boolean read;
  private final Duration timeout;
  private final long timeoutNanos;
  private final LongSupplier nanoTime;
  private final CheckResult namespaceGone;

  private boolean changing; // whether the last check answered change; calls are serialised

  AnaChecker(
      AnaCheckerClass owner,
      PathDevice device,
      NvmeSysfs.Controller controller,
      int nsid,
      boolean read,
      Duration timeout,
      NvmeTransport transport,
      LongSupplier nanoTime) {
    super(owner, device);
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
      answer = controller == null ? CheckResult.UNSUPPORTED_DEVICE : checkPath();
    } catch (RuntimeException | LinkageError e) {
      logger.error("ana check of {} failed; answering unchecked", device().path(), e);
      answer = AnaAnswers.FAILED;
    }
    changing = answer.equals(AnaAnswers.CHANGE);
    return answer;
  }

  /**
   * Answers a changing path's {@code pending()}, the one call the protocol allows after a {@link
   * PathState#PENDING} answer: change again, without asking the controller. After any other answer there is
   * nothing to collect.
   */
  @Override
  protected CheckResult poll() {
    return changing ? AnaAnswers.CHANGE : super.poll();
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
