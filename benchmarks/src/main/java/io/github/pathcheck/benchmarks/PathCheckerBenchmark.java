package io.github.pathcheck.benchmarks;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.loader.CheckerHandle;
import io.github.pathcheck.loader.CheckerRegistry;
import io.github.pathcheck.loader.PathChecker;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * directio checks as a host makes them, through the framework: the registry's {@link PathChecker}s, which bind
 * the context class loader, watch the timeout and turn throws into answers around directio's own checker.
 * {@code checkAsync}: 128 checks started, one shared wait ({@link PathChecker#awaitAnswers}), then {@code
 * pending()} on those still pending, until all answered; per check. {@code checkSync}: one check and its
 * answer at a time ({@code checkAndWait}). Run with {@code -prof gc} to see what a check allocates.
 *
 * <p>The device is a 1 MiB scratch file in {@code java.io.tmpdir} (which must support {@code O_DIRECT}), or
 * {@code -p device=/dev/loopN}. Reads are real.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PathCheckerBenchmark {
  private static final int BATCH = 128;
  private static final Duration WAIT = Duration.ofMillis(5);

  /** The device to read; empty for a scratch file. */
  @Param("")
  public String device;

  private Path scratch;
  private final List<LinuxPathDevice> devices = new ArrayList<>();
  private CheckerRegistry registry;
  private CheckerHandle handle;
  private final List<PathChecker> checkers = new ArrayList<>();
  private final List<PathChecker> pending = new ArrayList<>(BATCH);
  private PathChecker syncChecker;

  /** Opens the device BATCH + 1 times and inits a path checker on each; frees what it set up on failure. */
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
      registry = CheckerRegistry.builder().build();
      handle = registry.acquire("directio");
      CheckerOptions async = CheckerOptions.defaults().withMode(CheckMode.ASYNC);
      for (int i = 0; i <= BATCH; i++) {
        LinuxPathDevice opened = LinuxPathDevice.open(target);
        devices.add(opened);
        PathChecker checker = handle.init(opened, async);
        if (i == BATCH) {
          syncChecker = checker;
        } else {
          checkers.add(checker);
        }
      }
    } catch (Exception | Error e) {
      tearDown();
      throw e;
    }
  }

  /** Closes everything set up, in reverse. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    checkers.forEach(PathChecker::close);
    checkers.clear();
    if (syncChecker != null) {
      syncChecker.close();
    }
    if (handle != null) {
      handle.close();
    }
    if (registry != null) {
      registry.close();
    }
    devices.forEach(LinuxPathDevice::close);
    devices.clear();
    if (scratch != null) {
      Files.deleteIfExists(scratch);
    }
  }

  /** 128 checks started, one shared wait, then {@code pending()} on the pending ones until all answered. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int checkAsync() throws InterruptedException {
    pending.clear();
    for (int i = 0; i < BATCH; i++) {
      PathChecker checker = checkers.get(i);
      if (checker.check().isPending()) {
        pending.add(checker);
      }
    }
    int passes = 0;
    while (!pending.isEmpty()) {
      passes++;
      PathChecker.awaitAnswers(pending, WAIT);
      for (int i = pending.size() - 1; i >= 0; i--) {
        if (!pending.get(i).pending().isPending()) {
          pending.remove(i);
        }
      }
    }
    return passes;
  }

  /** One check and its answer, waited for on the calling thread. */
  @Benchmark
  public CheckResult checkSync() throws InterruptedException {
    return syncChecker.checkAndWait();
  }
}
