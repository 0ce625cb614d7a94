package io.github.pathcheck.examples.cli;

import io.github.pathcheck.api.CheckerInitException;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.loader.CheckerRegistry;
import io.github.pathcheck.monitor.PathMonitor;
import io.github.pathcheck.monitor.PathStatus;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pathcheck watch}: a {@link PathMonitor} on real paths until Ctrl-C, printing each transition.
 *
 * <p>The command's own thread runs the rounds ({@link PathMonitor#runOnce()}) and waits between them until the
 * next path is due or a stop is requested. On SIGINT or SIGTERM the shutdown hook ({@link ShutdownSignal})
 * asks it to stop and waits while it closes the monitor (every checker freed, every class released), the
 * devices and the registry.
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    defaultValueProvider = WatchCommand.DefaultInterval.class,
    description = {
      "Watches each PATH with a checker until Ctrl-C, printing only transitions: TIME PATH OLD -> NEW MESSAGE.",
      "A path starts unchecked, so its first answer prints as a transition from unchecked (unless that answer"
          + " is unchecked itself).",
      "Exits 1 before watching when a path cannot be opened or its checker not set up."
    })
final class WatchCommand implements Callable<Integer> {
  /** The default interval: 5 s, multipathd's polling_interval. */
  static final class DefaultInterval extends IntervalOption.Default {
    DefaultInterval() {
      super("5");
    }
  }

  /**
   * How long the shutdown hook waits for the watch to clean up: every wait of the cleanup is bounded (the
   * registry's lifecycle timeout, then {@link PluginDirOptions#RELEASE_BOUND}), so SIGTERM ends the watch
   * within 2 s even when a check hangs.
   */
  private static final Duration HOOK_BOUND = Duration.ofMillis(1800);

  @Spec CommandSpec spec;

  @Option(names = "--checker", required = true, paramLabel = "NAME", description = "The checker to use.")
  String checkerName;

  @Mixin IntervalOption interval;

  @Mixin CheckerOptionsMixin checkerOptions;

  @Mixin CheckModeOptions mode;

  @Mixin PluginDirOptions plugins;

  @Option(
      names = "--json",
      description = "Print each transition as one JSON object on a line: {\"time\",\"path\",\"from\",\"to\",\"message\"}.")
  boolean json;

  /** Stops after this many rounds; 0 watches until stopped. For tests. */
  @Option(names = "--rounds", hidden = true, defaultValue = "0")
  int rounds;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Block devices or files to watch.")
  List<Path> paths;

  /** Test seam: told after each round, on the watching thread, how many rounds have run. */
  interface RoundObserver {
    void afterRound(int round);
  }

  RoundObserver afterRound = round -> {};

  private volatile ShutdownSignal signal;

  /** Asks a running watch to stop, as SIGINT does. For tests; does nothing before the watch starts. */
  void requestStop() {
    ShutdownSignal current = signal;
    if (current != null) {
      current.requestStop();
    }
  }

  @Override
  public Integer call() throws Exception {
    if (rounds < 0) {
      throw new IllegalArgumentException("--rounds must not be negative, got " + rounds);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CheckerOptions options = checkerOptions.checkerOptions().withMode(mode.mode());
    // Nothing outside the process to undo, so the fallback is empty; the hook waits for the clean shutdown.
    try (ShutdownSignal installed = ShutdownSignal.install("pathcheck-watch-shutdown", () -> {}, HOOK_BOUND)) {
      signal = installed;
      int watched = watch(installed, options, out);
      if (installed.isStopRequested()) {
        err.println("pathcheck: stopped watching " + watched + (watched == 1 ? " path" : " paths")
            + "; freed the checkers, closed the devices and the registry");
        err.flush();
      }
    } finally {
      signal = null;
    }
    return 0;
  }

  /** Opens, watches and closes; returns how many paths it watched. */
  private int watch(ShutdownSignal stop, CheckerOptions options, PrintWriter out) throws Exception {
    List<LinuxPathDevice> devices = new ArrayList<>();
    CheckerRegistry registry = null;
    List<Path> hung = new ArrayList<>();
    try {
      for (Path path : paths) {
        devices.add(LinuxPathDevice.open(path)); // a NativeException names the path: one line, exit 1
      }
      registry = plugins.openRegistry(spec.commandLine().getErr(), checkerOptions.classOptions(checkerName));
      try (PathMonitor monitor =
          PathMonitor.builder(registry)
              .checkInterval(interval.interval())
              .pendingPollInterval(SecondsConverter.min(interval.interval(), Duration.ofSeconds(1)))
              .listener((from, to) -> print(out, from, to, json))
              .build()) {
        for (LinuxPathDevice device : devices) {
          try {
            monitor.add(device, checkerName, options);
          } catch (CheckerInitException e) {
            throw new CheckerInitException(
                "the " + checkerName + " checker cannot watch " + device.path() + ": "
                    + InitFailures.reason(device.path(), e),
                e);
          }
        }
        int round = 0;
        while (!stop.isStopRequested()) {
          Duration wait = monitor.runOnce();
          round++;
          afterRound.afterRound(round);
          if (rounds > 0 && round >= rounds) {
            break;
          }
          if (!wait.isZero()) {
            stop.awaitStop(wait);
          }
        }
        hung.addAll(hungPaths(monitor));
      }
      return devices.size();
    } finally {
      for (LinuxPathDevice device : devices) {
        if (!hung.contains(device.path())) {
          device.close(); // a hung path's check may still read its descriptor: the process's exit closes it
        }
      }
      if (registry != null) {
        // Bounded: a check stuck in a hung device stays on a daemon thread of the framework's pool, and SIGTERM
        // must still end the watch at once.
        PluginDirOptions.closeBounded(
            registry,
            PluginDirOptions.RELEASE_BOUND,
            checkerName,
            hung.isEmpty()
                ? ""
                : "the " + checkerName + " checks of " + hung.stream().map(Path::toString)
                    .collect(Collectors.joining(", ")),
            spec.commandLine().getErr());
      }
    }
  }

  /** Returns the paths whose last answer was a timeout: their checks may still hang on the framework's pool. */
  private static List<Path> hungPaths(PathMonitor monitor) {
    List<Path> hung = new ArrayList<>();
    for (PathStatus status : monitor.snapshot().values()) {
      if (status.state() == PathState.TIMEOUT) {
        hung.add(status.path());
      }
    }
    return hung;
  }

  private static void print(PrintWriter out, PathStatus from, PathStatus to, boolean json) {
    out.println(
        json
            ? Json.object(TransitionFormat.fields(from, to, false))
            : TransitionFormat.line(from, to, false));
    out.flush();
  }
}
