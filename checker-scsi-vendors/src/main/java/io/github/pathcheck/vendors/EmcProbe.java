package io.github.pathcheck.vendors;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.nativeio.SgIoResult;
import io.github.pathcheck.nativeio.scsi.ScsiCommand;
import io.github.pathcheck.nativeio.scsi.SenseData;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * emc_clariion's check of one path: INQUIRY VPD 0xC0, the WWN compared with the one this path saw first, and on
 * the active path a READ(10) of LBA 0, read by {@link EmcDecoder}; the inactive-snapshot flag lives in the
 * map's {@link EmcMapContext}. Calls are serialised by the framework.
 */
final class EmcProbe implements ScsiProbe {
  static final ScsiCommand UNIT_REPORT = ScsiCommand.inquiryVpd(EmcDecoder.PAGE, 128);
  /** One block at LBA 0, into a 4 KiB buffer (block sizes up to 4096 bytes). */
  static final ScsiCommand READ_FIRST_BLOCK = ScsiCommand.read10(0, 1, 4096);

  private final ScsiTransport transport;
  private final PathDevice device;
  private final Duration timeout;
  private final EmcMapContexts contexts;
  private final String map;
  private final EmcMapContext context;
  private byte[] wwn; // the WWN this path saw first; null until then

  EmcProbe(ScsiTransport transport, PathDevice device, Duration timeout, EmcMapContexts contexts, String map) {
    this.transport = transport;
    this.device = device;
    this.timeout = timeout;
    this.contexts = contexts;
    this.map = map;
    this.context = contexts.acquire(map);
  }

  @Override
  public CheckResult check(BooleanSupplier pastDeadline) {
    SgIoResult inquiry =
        ScsiRetries.send(transport, device, UNIT_REPORT, timeout, EmcProbe::worthRetrying, pastDeadline);
    CheckResult answer = EmcDecoder.decodeInquiry(inquiry);
    if (answer != null) {
      return answer;
    }
    byte[] page = inquiry.data();
    byte[] seen = EmcDecoder.wwn(page);
    if (wwn == null) {
      wwn = seen;
    } else if (!Arrays.equals(wwn, seen)) {
      return CheckResult.of(PathState.DOWN, EmcDecoder.WWN_CHANGED);
    }
    if (!EmcDecoder.active(page)) {
      return EmcDecoder.decodePassive(context.inactiveSnapshot());
    }
    SgIoResult read = transport.execute(device, READ_FIRST_BLOCK, timeout);
    if (ScsiAnswers.unsupported(read)) {
      return CheckResult.UNSUPPORTED_DEVICE;
    }
    context.inactiveSnapshot(EmcDecoder.inactiveSnapshot(read));
    return EmcDecoder.decodeRead(read);
  }

  /** Transient host statuses, UNIT ATTENTION and ABORTED COMMAND are retried. */
  private static boolean worthRetrying(SgIoResult result) {
    if (ScsiAnswers.transientHostStatus(result)) {
      return true;
    }
    if (result.isIoctlFailed() || ScsiAnswers.succeeded(result)) {
      return false;
    }
    int key = SenseData.of(result.sense()).key();
    return key == SenseData.UNIT_ATTENTION || key == SenseData.ABORTED_COMMAND;
  }

  @Override
  public void release() {
    contexts.release(map);
  }
}
