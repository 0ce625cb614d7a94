package io.github.pathcheck.directio;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.nativeio.AnonymousMemory;
import io.github.pathcheck.nativeio.FileStatusFlags;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import io.github.pathcheck.nativeio.OpenFlags;
import io.github.pathcheck.nativeio.aio.IoControlBlock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * directio's hot path, from the bottom up: writing an iocb, an empty {@code io_getevents} (the cost of one aio system
 * call through the binding {@code NativeBinding.current()} names: JNI where built), one read submitted and reaped on a
 * {@link KernelAioContext} (package-private, hence this package), 128 submitted then reaped together, and whole checks
 * through the SPI, sync and async (128 checkers started, then polled with {@code pending()} until all answered, without
 * sleeping). The checkers are the class's own, called directly as the framework calls them; the framework's cost around
 * them (the loader's {@code PathChecker}) is not included.
 *
 * <p>The device is a 1 MiB scratch file in {@code java.io.tmpdir} (which must support {@code O_DIRECT}), or
 * {@code -p device=/dev/loopN}. Reads are real: their time includes the device's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AioBenchmark {
  private static final int BATCH = 128;
  private static final int BLOCK = 4096;

  /** The device to read; empty for a scratch file. */
  @Param("")
  public String device;

  private Path scratch;
  private final List<LinuxPathDevice> devices = new ArrayList<>();
  private KernelAioContext context;
  private AnonymousMemory iocbMemory;
  private DirectioCheckerClass directio;
  private Checker syncChecker;
  private final List<Checker> asyncCheckers = new ArrayList<>();
  /** Per async checker, whether its last answer was pending: pending() may be called only then. */
  private final boolean[] inFlight = new boolean[BATCH];
  private int fd;
  private long generation;

  /**
   * Opens the device BATCH + 2 times (one raw descriptor, one for the sync checker, BATCH for the async ones),
   * sets up a raw context and the checkers; on failure, frees what it set up (JMH skips the tear-down then).
   */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    try {
      Path target;
      if (device.isEmpty()) {
        scratch = Files.createTempFile("pathcheck-jmh-", ".img");
        try (FileChannel channel = FileChannel.open(scratch, StandardOpenOption.WRITE)) {
          channel.write(ByteBuffer.allocate(1024 * 1024));
        }
        target = scratch;
      } else {
        target = Path.of(device);
      }
      for (int i = 0; i < BATCH + 2; i++) {
        devices.add(LinuxPathDevice.open(target));
      }
      LinuxPathDevice raw = devices.get(0);
      FileStatusFlags.set(raw, FileStatusFlags.get(raw) | OpenFlags.O_DIRECT);
      fd = raw.fd();
      context = KernelAioContext.create(BATCH);
      iocbMemory = AnonymousMemory.map(IoControlBlock.SIZE);

      directio = (DirectioCheckerClass) new DirectioCheckerProvider().load(Map.of());
      syncChecker = directio.init(devices.get(1), CheckerOptions.defaults().withMode(CheckMode.SYNC));
      CheckerOptions async = CheckerOptions.defaults().withMode(CheckMode.ASYNC);
      for (int i = 0; i < BATCH; i++) {
        asyncCheckers.add(directio.init(devices.get(2 + i), async));
      }
    } catch (Exception | Error e) {
      tearDown();
      throw e;
    }
  }

  /** Frees everything set up, in reverse; what was not set up is skipped. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    asyncCheckers.forEach(Checker::free);
    asyncCheckers.clear();
    if (syncChecker != null) {
      syncChecker.free();
    }
    if (directio != null) {
      directio.unload();
    }
    if (iocbMemory != null) {
      iocbMemory.close();
    }
    if (context != null) {
      context.destroy();
      context.release();
    }
    devices.forEach(LinuxPathDevice::close);
    devices.clear();
    if (scratch != null) {
      Files.deleteIfExists(scratch);
    }
  }

  /** Writes one whole iocb into native memory, as every submit does. */
  @Benchmark
  public void prepareIocb() {
    IoControlBlock.prepareRead(iocbMemory, 0, fd, iocbMemory.address(), BLOCK, 0, ++generation);
  }

  /** {@code io_getevents} with nothing to reap and a zero timeout: one aio system call's round trip. */
  @Benchmark
  public int getEventsEmpty() {
    return context.getEvents(1, BATCH, 0);
  }

  /** One read submitted and reaped on a raw context: the system calls of a sync check, nothing else. */
  @Benchmark
  public long submitAndReapOne() {
    if (context.submitRead(0, ++generation, fd, BLOCK) != 1) {
      throw new IllegalStateException("io_submit failed");
    }
    if (context.getEvents(1, 1, TimeUnit.SECONDS.toNanos(5)) != 1) {
      throw new IllegalStateException("io_getevents reaped nothing");
    }
    return context.eventResult(0);
  }

  /** 128 reads submitted, then reaped together: the system calls of an async round, per read. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long submitAndReapBatch() {
    for (int slot = 0; slot < BATCH; slot++) {
      if (context.submitRead(slot, ++generation, fd, BLOCK) != 1) {
        throw new IllegalStateException("io_submit failed");
      }
    }
    long sum = 0;
    for (int reaped = 0; reaped < BATCH; ) {
      int n = context.getEvents(1, BATCH, TimeUnit.SECONDS.toNanos(5));
      if (n < 0) {
        throw new IllegalStateException("io_getevents failed: " + n);
      }
      for (int i = 0; i < n; i++) {
        sum += context.eventResult(i);
      }
      reaped += n;
    }
    return sum;
  }

  /** One synchronous directio check through the SPI. */
  @Benchmark
  public CheckResult checkSync() {
    return syncChecker.check();
  }

  /** 128 asynchronous checks started, then {@code pending()} on those pending until all answered; per check. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int checkAsync() {
    int pending = 0;
    for (int i = 0; i < BATCH; i++) {
      boolean answerPending = asyncCheckers.get(i).check().isPending();
      inFlight[i] = answerPending;
      if (answerPending) {
        pending++;
      }
    }
    int passes = 0;
    while (pending > 0) {
      passes++;
      pending = 0;
      for (int i = 0; i < BATCH; i++) {
        if (inFlight[i]) {
          boolean answerPending = asyncCheckers.get(i).pending().isPending();
          inFlight[i] = answerPending;
          if (answerPending) {
            pending++;
          }
        }
      }
    }
    return passes;
  }
}
