package io.github.pathcheck.examples.cli;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerInitException;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.loader.CheckerHandle;
import io.github.pathcheck.loader.CheckerRegistry;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import io.github.pathcheck.nativeio.NativeException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pathcheck check}: checks each path once with one checker and prints its state.
 *
 * <p>Like multipathd, it starts every path's check first and then collects them: with {@code --async}, a
 * pending answer is polled with {@link Checker#pending()} (after one short shared wait when a checker asks for
 * it) until it is final or the timeout has passed.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Checks each PATH once and prints PATH CHECKER STATE MESSAGE.",
      "Exits 0 when every path was checked, 1 when a path could not be opened or its checker not set up."
    })
final class CheckCommand implements Callable<Integer> {
  /** How long to go on polling after the checker timeout, for a checker that answers late. */
  private static final Duration POLL_MARGIN = Duration.ofSeconds(2);
  /** multipathd's shared wait when a checker says it needs one. */
  private static final long NEED_WAIT_MILLIS = 5;

  @Spec CommandSpec spec;

  @Option(names = "--checker", required = true, paramLabel = "NAME", description = "The checker to use.")
  String checkerName;

  @Option(
      names = "--timeout",
      paramLabel = "SEC",
      defaultValue = "30",
      description = "Checker timeout in seconds (default: ${DEFAULT-VALUE}, multipath's).")
  int timeoutSeconds;

  @Option(names = "--async", description = "Check asynchronously and poll for the answer.")
  boolean async;

  @Option(names = "--json", description = "Print a JSON array of {\"path\",\"checker\",\"state\",\"message\"}.")
  boolean json;

  @Mixin PluginDirOptions plugins;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Block devices or files to check.")
  List<Path> paths;

  @Override
  public Integer call() throws InterruptedException {
    if (timeoutSeconds <= 0) {
      throw new IllegalArgumentException("--timeout must be a positive number of seconds, got " + timeoutSeconds);
    }
    CheckerOptions options =
        CheckerOptions.defaults()
            .withTimeout(Duration.ofSeconds(timeoutSeconds))
            .withMode(async ? CheckMode.ASYNC : CheckMode.SYNC);
    PrintWriter err = spec.commandLine().getErr();
    List<Result> results = new ArrayList<>();
    boolean allChecked = true;
    try (CheckerRegistry registry = plugins.openRegistry(err);
        CheckerHandle handle = registry.acquire(checkerName)) {
      List<Probe> probes = new ArrayList<>();
      try {
        for (Path path : paths) {
          Probe probe = Probe.open(handle, path, options, err);
          if (probe == null) {
            allChecked = false;
          } else {
            probes.add(probe);
          }
        }
        for (Probe probe : probes) {
          probe.state = probe.checker.check();
        }
        collect(probes, options.timeout());
        for (Probe probe : probes) {
          results.add(new Result(probe.device.path(), checkerName, probe.state, probe.checker.message()));
        }
      } finally {
        for (Probe probe : probes) {
          probe.close();
        }
      }
    }
    print(results);
    return allChecked ? 0 : 1;
  }

  /** Polls pending answers until every one is final or the timeout (plus a margin) has passed. */
  private static void collect(List<Probe> probes, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.plus(POLL_MARGIN).toNanos();
    long pauseMillis = 1;
    while (true) {
      boolean needWait = false;
      boolean anyPending = false;
      for (Probe probe : probes) {
        if (probe.state == PathState.PENDING) {
          anyPending = true;
          needWait |= probe.checker.needWait();
        }
      }
      if (!anyPending || System.nanoTime() - deadline > 0) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(needWait ? NEED_WAIT_MILLIS : pauseMillis);
      pauseMillis = Math.min(pauseMillis * 2, 100);
      for (Probe probe : probes) {
        if (probe.state == PathState.PENDING) {
          probe.state = probe.checker.pending();
        }
      }
    }
  }

  private void print(List<Result> results) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.print('[');
      for (int i = 0; i < results.size(); i++) {
        Result r = results.get(i);
        out.print(i == 0 ? "\n  " : ",\n  ");
        out.print("{\"path\": " + Json.string(r.path.toString()) + ", \"checker\": " + Json.string(r.checker)
            + ", \"state\": " + Json.string(r.state.displayName()) + ", \"message\": "
            + Json.string(r.printedMessage()) + "}");
      }
      out.println(results.isEmpty() ? "]" : "\n]");
    } else {
      for (Result r : results) {
        out.println(r.path + " " + r.checker + " " + r.state.displayName() + " " + r.printedMessage());
      }
    }
    out.flush();
  }

  /** One path being checked: its device and checker, closed together. */
  private static final class Probe implements AutoCloseable {
    final LinuxPathDevice device;
    final Checker checker;
    PathState state;

    private Probe(LinuxPathDevice device, Checker checker) {
      this.device = device;
      this.checker = checker;
    }

    /** Opens {@code path} and inits its checker, or prints why not and returns null. */
    static Probe open(CheckerHandle handle, Path path, CheckerOptions options, PrintWriter err) {
      LinuxPathDevice device;
      try {
        device = LinuxPathDevice.open(path);
      } catch (NativeException e) {
        err.println("pathcheck: " + e.getMessage());
        err.flush();
        return null;
      }
      try {
        return new Probe(device, handle.checkerClass().init(device, options));
      } catch (CheckerInitException | RuntimeException e) {
        device.close();
        err.println("pathcheck: " + path + ": " + e.getMessage());
        err.flush();
        return null;
      }
    }

    @Override
    public void close() {
      try {
        checker.free();
      } finally {
        device.close();
      }
    }
  }

  /** One line of output. */
  private static final class Result {
    final Path path;
    final String checker;
    final PathState state;
    final String message;

    Result(Path path, String checker, PathState state, String message) {
      this.path = path;
      this.checker = checker;
      this.state = state;
      this.message = message;
    }

    /** The message as multipath prints it: {@code "<name> checker<message>"}, or empty. */
    String printedMessage() {
      return message.isEmpty() ? "" : checker + " checker" + message;
    }
  }
}
