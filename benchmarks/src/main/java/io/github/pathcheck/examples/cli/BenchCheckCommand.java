package io.github.pathcheck.examples.cli;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.CheckerInitException;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.loader.CheckerHandle;
import io.github.pathcheck.loader.CheckerRegistry;
import io.github.pathcheck.loader.PathChecker;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import io.github.pathcheck.nativeio.NativeBinding;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pathcheck-bench check}: the cost of one check, over N checkers on N descriptors of one device.
 *
 * <p>A round checks every checker once. Sync: one check after the other. Async, like multipathd's checker
 * loop: start every check, then, while any answer is pending, one shared short wait (when a checker asks for
 * it with {@code needWait()}, or when a pass left answers pending) and a pass of {@code pending()} over the
 * pending ones. The wait is {@link PathChecker#awaitAnswers} within {@code --wait-micros}, as
 * {@code PathMonitor} waits, or with {@code --wait sleep} a sleep of that time, as multipathd waits. The
 * per-check cost is the round's wall time (and the checking thread's CPU time) divided by N, the median over
 * the measured rounds, after warm-up rounds that are not counted.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Times rounds of checks over N checkers on N descriptors of one device.",
      "Prints paths, mode, rounds, microsPerCheck, states (the last round's count per state), then"
          + " warmupRounds, cpuMicrosPerCheck, waitMicros, wait, checker, aioBinding, device."
    })
final class BenchCheckCommand implements Callable<Integer> {
  /**
   * Sync checks before the measured rounds by default: about a second, enough for the JIT to compile the
   * check path.
   */
  static final int SYNC_WARMUP_CHECKS = 20_000;

  /**
   * Async checks before the measured rounds by default, also about a second (an async check costs a
   * twentieth of a sync one): at 10,000 paths the JVM compiles the async path 0.3 s into the rounds, after
   * the code that opened the devices.
   */
  static final int ASYNC_WARMUP_CHECKS = 300_000;

  @Spec CommandSpec spec;

  @Option(names = "--checker", defaultValue = "directio", paramLabel = "NAME",
      description = "The checker (default: ${DEFAULT-VALUE}).")
  String checkerName;

  @Option(names = "--paths", required = true, paramLabel = "N", description = "How many checkers.")
  int paths;

  @Option(names = "--mode", defaultValue = "sync", paramLabel = "sync|async",
      description = "Check synchronously, or start all checks and collect them (default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(names = "--rounds", defaultValue = "5", paramLabel = "R",
      description = "Measured rounds; the median is printed (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--warmup", paramLabel = "W",
      description = "Rounds run first and not counted, for the JIT (default: enough for "
          + SYNC_WARMUP_CHECKS + " sync or " + ASYNC_WARMUP_CHECKS + " async checks, at least 3).")
  Integer warmupRounds;

  @Option(names = "--wait-micros", defaultValue = "1000", paramLabel = "US",
      description = "Async: the longest shared wait before each pass of pending() (default: ${DEFAULT-VALUE};"
          + " multipathd waits 5000).")
  int waitMicros;

  @Option(names = "--wait", defaultValue = "await", paramLabel = "await|sleep",
      description = "Async: ask the checker class to await its answers within the shared wait, as PathMonitor"
          + " does, or sleep the whole wait, as multipathd does (default: ${DEFAULT-VALUE}).")
  WaitStrategy waitStrategy;

  /** How the async rounds wait for answers; the constants are the option's values. */
  enum WaitStrategy {
    /** {@link PathChecker#awaitAnswers} within the wait, sleeping only if some class cannot tell. */
    await,
    /** A sleep of the whole wait. */
    sleep
  }

  @Mixin CheckerOptionsMixin checkerOptions;

  @Mixin BenchDeviceOption device;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Override
  public Integer call() throws IOException, CheckerInitException {
    CheckMode checkMode = parseMode(mode);
    int warmupChecks = checkMode == CheckMode.ASYNC ? ASYNC_WARMUP_CHECKS : SYNC_WARMUP_CHECKS;
    int warmup = warmupRounds != null ? warmupRounds : Math.max(3, (warmupChecks + paths - 1) / Math.max(paths, 1));
    if (paths <= 0 || rounds <= 0 || warmup < 0 || waitMicros < 0) {
      throw new IllegalArgumentException(
          "--paths and --rounds must be positive, --warmup and --wait-micros not negative");
    }
    try (BenchDevices bench = device.open(paths)) {
      print(measure(bench.devices(), checkMode, warmup, bench.target()));
    }
    return 0;
  }

  private static CheckMode parseMode(String mode) {
    switch (mode.toLowerCase(Locale.ROOT)) {
      case "sync":
        return CheckMode.SYNC;
      case "async":
        return CheckMode.ASYNC;
      default:
        throw new IllegalArgumentException("--mode must be sync or async, got " + mode);
    }
  }

  private Map<String, Object> measure(
      List<LinuxPathDevice> devices, CheckMode checkMode, int warmup, Path target)
      throws CheckerInitException {
    // ASYNC options in both modes: an asynchronous-capable class (directio) is then called on this thread, so
    // the sync figure is one read at a time here, not a hop to the framework's pool; a class that is not
    // asynchronous-capable runs on the pool whatever the options say.
    CheckerOptions options = checkerOptions.checkerOptions().withMode(CheckMode.ASYNC);
    Duration answerWait = options.timeout().plusSeconds(1);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    CheckerRegistry.Builder builder = CheckerRegistry.builder();
    checkerOptions.classOptions(checkerName).forEach(builder::classOptions);
    try (CheckerRegistry registry = builder.build();
        CheckerHandle handle = registry.acquire(checkerName)) {
      List<PathChecker> checkers = new ArrayList<>(devices.size());
      try {
        for (LinuxPathDevice opened : devices) {
          checkers.add(handle.init(opened, options));
        }
        CheckResult[] results = new CheckResult[checkers.size()];
        List<PathChecker> pending = new ArrayList<>(checkers.size());
        boolean async = checkMode == CheckMode.ASYNC;
        double[] wall = new double[rounds];
        double[] cpu = new double[rounds];
        for (int round = -warmup; round < rounds; round++) {
          long cpuStart = threads.getCurrentThreadCpuTime();
          long start = System.nanoTime();
          if (async) {
            asyncRound(checkers, results, pending);
          } else {
            for (int i = 0; i < results.length; i++) {
              PathChecker checker = checkers.get(i);
              CheckResult result = checker.check();
              results[i] = result.isPending() ? awaitAnswer(checker, answerWait) : result;
            }
          }
          long wallNanos = System.nanoTime() - start;
          long cpuNanos = threads.getCurrentThreadCpuTime() - cpuStart;
          if (round >= 0) {
            wall[round] = wallNanos / 1000.0 / results.length;
            cpu[round] = cpuNanos / 1000.0 / results.length;
          }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("paths", devices.size());
        result.put("mode", async ? "async" : "sync");
        result.put("rounds", rounds);
        result.put("microsPerCheck", round3(Figures.median(wall)));
        result.put("states", countStates(results));
        result.put("warmupRounds", warmup);
        result.put("cpuMicrosPerCheck", round3(Figures.median(cpu)));
        result.put("waitMicros", async ? waitMicros : 0);
        result.put("wait", async ? waitStrategy.name() : "none");
        result.put("checker", checkerName);
        result.put("aioBinding", NativeBinding.current());
        result.put("device", target.toString());
        return result;
      } finally {
        for (PathChecker checker : checkers) {
          checker.close();
        }
      }
    }
  }

  /**
   * One round as multipathd runs it: start every check, then shared waits and passes of pending() over the
   * checks still pending. A wait is {@link PathChecker#awaitAnswers} over those (with {@code --wait await}),
   * sleeping the wait only if some class cannot tell when its answers are ready.
   */
  private void asyncRound(List<PathChecker> checkers, CheckResult[] results, List<PathChecker> pending) {
    int left = 0;
    for (int i = 0; i < results.length; i++) {
      results[i] = checkers.get(i).check();
      if (results[i].isPending()) {
        left++;
      }
    }
    boolean firstPass = true;
    while (left > 0) {
      pending.clear();
      boolean wait = !firstPass;
      for (int i = 0; i < results.length; i++) {
        if (results[i].isPending()) {
          PathChecker checker = checkers.get(i);
          pending.add(checker);
          wait = wait || checker.needWait();
        }
      }
      if (wait && waitMicros > 0) {
        long waitNanos = TimeUnit.MICROSECONDS.toNanos(waitMicros);
        if (waitStrategy != WaitStrategy.await || !awaitAnswers(pending, waitNanos)) {
          LockSupport.parkNanos(waitNanos);
        }
      }
      firstPass = false;
      left = 0;
      for (int i = 0; i < results.length; i++) {
        if (results[i].isPending()) {
          results[i] = checkers.get(i).pending();
          if (results[i].isPending()) {
            left++;
          }
        }
      }
    }
  }

  private static CheckResult awaitAnswer(PathChecker checker, Duration maxWait) {
    try {
      return checker.awaitAnswer(maxWait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while awaiting the answer of " + checker, e);
    }
  }

  private static boolean awaitAnswers(List<PathChecker> checkers, long waitNanos) {
    try {
      return PathChecker.awaitAnswers(checkers, Duration.ofNanos(waitNanos));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while awaiting the checks' answers", e);
    }
  }

  private static Map<String, Integer> countStates(CheckResult[] results) {
    Map<String, Integer> counts = new TreeMap<>();
    for (CheckResult result : results) {
      counts.merge(result.state().displayName(), 1, Integer::sum);
    }
    return counts;
  }
  private static double round3(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  private void print(Map<String, Object> result) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.object(result));
    } else {
      result.forEach((key, value) -> out.printf("%-18s %s%n", key, value));
    }
    out.flush();
  }
}
