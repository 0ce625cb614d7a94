package io.github.pathcheck.examples.cli;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckerInitException;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.loader.CheckerDescriptor;
import io.github.pathcheck.loader.CheckerLoadException;
import io.github.pathcheck.loader.CheckerRegistry;
import io.github.pathcheck.monitor.PathMonitor;
import io.github.pathcheck.monitor.PathStatus;
import io.github.pathcheck.nativeio.AioUsage;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pathcheck demo}: the framework at work without devices or root. It makes scratch disks (files, and
 * as root loop devices over files), gives each checker it can load one disk of each kind, runs a {@link
 * PathMonitor} on them, truncates directio's file to take that path down and restores it to bring it up, and
 * prints every transition as the monitor's listener reports it, then a table of the final states.
 *
 * <p>The command's own thread runs the monitor's rounds ({@link PathMonitor#runOnce()}), so each step sees a
 * round's transitions after the listener has printed them.
 *
 * <p>Everything it creates is removed at the end, also on Ctrl-C: the shutdown hook asks the command to stop
 * and waits for it to clean up ({@link ShutdownSignal}).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs every checker this host can load on scratch disks (files; as root also loop devices), takes one"
          + " disk down by truncating it and brings it up again, printing each transition as it happens and"
          + " a table of the final states.",
      "Needs no device and no root; removes everything it created, also on Ctrl-C."
    })
final class DemoCommand implements Callable<Integer> {
  private static final int DISK_SIZE = 64 * 1024;
  private static final String DIRECTIO = "directio";
  private static final Duration CHECKER_TIMEOUT = Duration.ofSeconds(5);
  /** How long the demo waits for one step (every path answered, the disk down, ...) before it gives up. */
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration UNLOAD_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration HOOK_BOUND = Duration.ofSeconds(20);

  @Spec CommandSpec spec;

  @Option(
      names = "--interval",
      paramLabel = "SEC",
      defaultValue = "0.25",
      converter = IntervalConverter.class,
      description = "Check interval of the monitor, in seconds, at least 0.01 (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--json", description = "Print one JSON document: the transitions and the final table.")
  boolean json;

  @Mixin PluginDirOptions plugins;

  @Option(
      names = "--scratch-dir",
      paramLabel = "DIR",
      description =
          "Where to make the scratch disks' directory (default: java.io.tmpdir). Its file system must"
              + " support O_DIRECT (ext4, xfs, btrfs; not every tmpfs).")
  Path scratchParent = Path.of(System.getProperty("java.io.tmpdir"));

  @Option(names = "--no-loop", description = "Use files only, even as root.")
  boolean noLoop;

  /** Rounds every path is checked after the disk is back up; tests raise it to interrupt a running demo. */
  @Option(names = "--settle-rounds", hidden = true, defaultValue = "1")
  int settleRounds;

  @Override
  public Integer call() throws Exception {
    if (settleRounds < 0) {
      throw new IllegalArgumentException("--settle-rounds must not be negative, got " + settleRounds);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Aio before = Aio.now();
    Journal journal = new Journal(json ? null : out);
    AtomicReference<ScratchDisks> made = new AtomicReference<>();
    // The hook waits for this method to end: the disks removed and the results printed, also after Ctrl-C.
    try (ShutdownSignal signal =
        ShutdownSignal.install("pathcheck-demo-shutdown", () -> closeQuietly(made.get()), HOOK_BOUND)) {
      ScratchDisks disks = makeDisks();
      made.set(disks);
      Run run;
      try (ScratchDisks owned = disks) {
        run = run(owned, signal, journal, err);
      }
      Aio after = Aio.now();
      if (json) {
        printJson(out, disks, run, journal, before, after);
      } else {
        printTable(out, disks, run, before, after);
      }
      out.flush();
      if (run.stopped) {
        err.println("pathcheck: demo interrupted; removed everything it made");
        err.flush();
        return 130;
      }
      return 0;
    }
  }

  private ScratchDisks makeDisks() throws IOException {
    try {
      return ScratchDisks.create(scratchParent);
    } catch (IOException e) {
      throw new IOException(
          "cannot make the scratch disks' directory in " + scratchParent + ": " + e
              + "; give a writable directory with --scratch-dir",
          e);
    }
  }

  private static void closeQuietly(ScratchDisks disks) {
    if (disks == null) {
      return;
    }
    try {
      disks.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One scratch disk and the checker that watches it. */
  private static final class Target {
    final Path path;
    final String kind;
    final String checker;

    Target(Path path, String kind, String checker) {
      this.path = path;
      this.kind = kind;
      this.checker = checker;
    }
  }

  /** What the run leaves to print. */
  private static final class Run {
    final List<String> checkers = new ArrayList<>();
    final List<Target> targets = new ArrayList<>();
    final Map<Path, PathStatus> finalStatus = new LinkedHashMap<>();
    Path truncated;
    boolean stopped;
  }

  /** The aio counters: system-wide {@code fs.aio-nr} (other processes move it too) and this process's. */
  private static final class Aio {
    final long systemEvents;
    final long processContexts;

    private Aio(long systemEvents, long processContexts) {
      this.systemEvents = systemEvents;
      this.processContexts = processContexts;
    }

    static Aio now() {
      return new Aio(AioUsage.aioNr(), AioUsage.contextsOfThisProcess());
    }
  }

  /** The stop signal came while the demo ran. */
  private static final class Stopped extends Exception {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super("stopped", null, false, false);
    }
  }

  private Run run(
      ScratchDisks disks, ShutdownSignal signal, Journal journal, PrintWriter err)
      throws IOException, InterruptedException {
    Run run = new Run();
    byte[] content = ScratchDisks.pattern(DISK_SIZE);
    CheckerOptions options =
        CheckerOptions.defaults().withTimeout(CHECKER_TIMEOUT).withMode(CheckMode.ASYNC);
    CheckerRegistry registry = plugins.openRegistry(err);
    try {
      List<LinuxPathDevice> devices = new ArrayList<>();
      try (PathMonitor monitor =
          PathMonitor.builder(registry)
              .checkInterval(interval)
              .pendingPollInterval(SecondsConverter.min(interval, Duration.ofMillis(50)))
              .listener(journal::transition)
              .build()) {
        try {
          addTargets(disks, registry, monitor, devices, options, content, run, err);
          if (!json) {
            journal.header(describe(disks, run));
          }
          Steps steps = new Steps(monitor, signal);
          steps.await("every path to answer", s -> s.values().stream().allMatch(p -> p.lastChecked().isPresent()));
          if (run.truncated != null) {
            Path victim = run.truncated;
            journal.action("truncate", victim, "to 0 bytes");
            disks.truncate(victim);
            steps.await(victim + " to go down", s -> s.get(victim).state() == PathState.DOWN);
            journal.action("restore", victim, "(" + DISK_SIZE + " bytes)");
            disks.restore(victim, content);
            steps.await(victim + " to come up", s -> s.get(victim).state() == PathState.UP);
          }
          for (int i = 0; i < settleRounds; i++) {
            Map<Path, Optional<Instant>> last = new HashMap<>();
            monitor.snapshot().forEach((path, status) -> last.put(path, status.lastChecked()));
            steps.await(
                "every path to be checked again",
                s -> s.values().stream().noneMatch(p -> p.lastChecked().equals(last.get(p.path()))));
          }
        } catch (Stopped e) {
          run.stopped = true;
        }
        run.finalStatus.putAll(monitor.snapshot());
      } finally {
        for (LinuxPathDevice device : devices) {
          device.close();
        }
      }
    } finally {
      registry.close();
    }
    if (!PluginDirOptions.awaitUnloads(registry, UNLOAD_TIMEOUT)) {
      err.println("pathcheck: warning: checker classes still release resources after "
          + UNLOAD_TIMEOUT.toSeconds() + " s");
      err.flush();
    }
    return run;
  }

  private void addTargets(
      ScratchDisks disks,
      CheckerRegistry registry,
      PathMonitor monitor,
      List<LinuxPathDevice> devices,
      CheckerOptions options,
      byte[] content,
      Run run,
      PrintWriter err)
      throws IOException {
    boolean loops = !noLoop && Losetup.isRoot();
    for (CheckerDescriptor checker : registry.available()) {
      String name = checker.name();
      run.checkers.add(name);
      List<Target> targets = new ArrayList<>();
      targets.add(new Target(disks.addFile(name + ".img", content), "file", name));
      if (loops) {
        Path backing = disks.addFile(name + "-loop.img", content);
        try {
          targets.add(new Target(disks.attachLoop(backing), "loop", name));
        } catch (IOException e) {
          err.println("pathcheck: warning: no loop devices, files only: " + ControlCharacters.escape(e.getMessage()));
          err.flush();
          loops = false;
        }
      }
      for (Target target : targets) {
        if (watch(monitor, devices, target, options, err)) {
          run.targets.add(target);
          if (run.truncated == null && name.equals(DIRECTIO) && target.kind.equals("file")) {
            run.truncated = target.path;
          }
        }
      }
    }
    if (run.truncated == null) {
      err.println("pathcheck: warning: no directio checker on a file; no disk is taken down");
      err.flush();
    }
  }

  /** Opens the target and adds it to the monitor; a checker that cannot watch it is a warning. */
  private static boolean watch(
      PathMonitor monitor, List<LinuxPathDevice> devices, Target target, CheckerOptions options, PrintWriter err)
      throws IOException {
    LinuxPathDevice device = LinuxPathDevice.open(target.path);
    try {
      monitor.add(device, target.checker, options);
    } catch (CheckerInitException | CheckerLoadException e) {
      device.close();
      err.println(ControlCharacters.escape("pathcheck: warning: the " + target.checker + " checker cannot watch "
          + target.path + ": " + InitFailures.reason(target.path, e)));
      err.flush();
      return false;
    } catch (RuntimeException e) {
      device.close();
      throw e;
    }
    devices.add(device);
    return true;
  }

  private static String describe(ScratchDisks disks, Run run) {
    long files = run.targets.stream().filter(t -> t.kind.equals("file")).count();
    long loops = run.targets.size() - files;
    return "pathcheck demo: checkers "
        + String.join(", ", run.checkers)
        + " on "
        + files
        + " files"
        + (loops > 0 ? " and " + loops + " loop devices" : "")
        + " in "
        + disks.directory();
  }

  /**
   * Runs the monitor's rounds on the command's thread until each step of the demo holds, so that a step
   * sees the transitions of a round only after its listeners have printed them.
   */
  private static final class Steps {
    final PathMonitor monitor;
    final ShutdownSignal signal;
    Duration untilDue = Duration.ZERO; // what the last round said

    Steps(PathMonitor monitor, ShutdownSignal signal) {
      this.monitor = monitor;
      this.signal = signal;
    }

    /**
     * Runs rounds, each when the next path is due, until {@code done} holds for the monitor's snapshot.
     *
     * @throws Stopped if a stop is requested meanwhile
     * @throws IllegalStateException if {@code done} does not hold within the step timeout
     */
    void await(String what, Predicate<Map<Path, PathStatus>> done) throws InterruptedException, Stopped {
      long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
      while (true) {
        if (signal.isStopRequested()) {
          throw new Stopped();
        }
        Map<Path, PathStatus> snapshot = monitor.snapshot();
        if (done.test(snapshot)) {
          return;
        }
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException(
              "the demo waited "
                  + STEP_TIMEOUT.toSeconds()
                  + " s in vain for "
                  + what
                  + "; the paths: "
                  + snapshot.values());
        }
        if (signal.awaitStop(untilDue)) {
          throw new Stopped();
        }
        untilDue = monitor.runOnce();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Output

  /**
   * The transitions and the demo's own actions, in the order they happened: printed at once in text mode,
   * kept for the JSON document. The listener calls it on the monitor's thread, the command on its own.
   */
  private static final class Journal {
    private final PrintWriter out; // null: JSON, print nothing as it comes
    private final List<String> jsonEvents = new ArrayList<>();

    Journal(PrintWriter out) {
      this.out = out;
    }

    synchronized void header(String line) {
      out.println(ControlCharacters.escape(line));
      out.flush();
    }

    synchronized void transition(PathStatus from, PathStatus to) {
      if (out != null) {
        out.println(TransitionFormat.line(from, to, true));
        out.flush();
      }
      jsonEvents.add(Json.object(TransitionFormat.fields(from, to, true)));
    }

    synchronized void action(String what, Path path, String detail) {
      Instant at = Instant.now();
      if (out != null) {
        out.println(ControlCharacters.escape(TransitionFormat.time(at) + " " + what + " " + path + " " + detail));
        out.flush();
      }
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("time", at.toString());
      event.put("action", what);
      event.put("path", path.toString());
      jsonEvents.add(Json.object(event));
    }

    synchronized List<String> jsonEvents() {
      return List.copyOf(jsonEvents);
    }
  }

  private static void printTable(PrintWriter out, ScratchDisks disks, Run run, Aio before, Aio after) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"PATH", "KIND", "CHECKER", "STATE", "LATENCY", "MESSAGE"});
    for (Target target : run.targets) {
      PathStatus status = run.finalStatus.get(target.path);
      if (status == null) {
        continue;
      }
      rows.add(
          new String[] {
            ControlCharacters.escape(target.path),
            target.kind,
            ControlCharacters.escape(target.checker),
            status.state().displayName(),
            TransitionFormat.latency(status),
            ControlCharacters.escape(TransitionFormat.message(status))
          });
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    out.println();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        if (i == row.length - 1) {
          line.append(row[i]);
        } else if (i == 4) {
          line.append(" ".repeat(widths[i] - row[i].length())).append(row[i]).append("  ");
        } else {
          line.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
    List<String> removed = disks.removed();
    long loops = removed.stream().filter(r -> r.startsWith("/dev/")).count();
    out.println();
    out.println("fs.aio-nr " + before.systemEvents + " before, " + after.systemEvents + " after (system-wide);"
        + " aio contexts of this process " + before.processContexts + " before, " + after.processContexts
        + " after");
    out.println("removed " + (loops > 0 ? loops + " loop devices, " : "") + (removed.size() - loops - 1)
        + " files and " + ControlCharacters.escape(disks.directory()));
  }

  private void printJson(
      PrintWriter out, ScratchDisks disks, Run run, Journal journal, Aio before, Aio after) {
    out.println("{");
    out.println("  \"scratchDir\": " + Json.string(disks.directory().toString()) + ",");
    out.println("  \"intervalMillis\": " + interval.toMillis() + ",");
    out.println("  \"checkers\": ["
        + run.checkers.stream().map(Json::string).collect(Collectors.joining(", ")) + "],");
    out.println("  \"truncated\": "
        + (run.truncated == null ? "null" : Json.string(run.truncated.toString())) + ",");
    out.println("  \"events\": " + array(journal.jsonEvents()) + ",");
    List<String> paths = new ArrayList<>();
    for (Target target : run.targets) {
      PathStatus status = run.finalStatus.get(target.path);
      if (status == null) {
        continue;
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("path", target.path.toString());
      row.put("kind", target.kind);
      row.put("checker", target.checker);
      row.put("state", status.state().displayName());
      row.put("message", TransitionFormat.message(status));
      row.put("latencyMicros", TransitionFormat.latencyMicros(status));
      paths.add(Json.object(row));
    }
    out.println("  \"paths\": " + array(paths) + ",");
    out.println("  \"aioNrBefore\": " + before.systemEvents + ",");
    out.println("  \"aioNrAfter\": " + after.systemEvents + ",");
    out.println("  \"aioContextsBefore\": " + before.processContexts + ",");
    out.println("  \"aioContextsAfter\": " + after.processContexts + ",");
    out.println("  \"removed\": "
        + "[" + disks.removed().stream().map(Json::string).collect(Collectors.joining(", ")) + "],");
    out.println("  \"stopped\": " + run.stopped);
    out.println("}");
  }

  private static String array(List<String> objects) {
    if (objects.isEmpty()) {
      return "[]";
    }
    return "[\n    " + String.join(",\n    ", objects) + "\n  ]";
  }
}
