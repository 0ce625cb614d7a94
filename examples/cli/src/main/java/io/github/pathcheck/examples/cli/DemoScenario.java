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
import io.github.pathcheck.nativeio.LinuxPathDevice;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The demo's scenario: every checker the registry can load gets a scratch disk of each kind (a file; as root
 * also a loop device), a {@link PathMonitor} watches them all, and directio's file is truncated to take its
 * path down, then restored to bring it up; then every path is checked once more.
 *
 * <p>The monitor's rounds run on the caller's thread ({@link PathMonitor#runOnce()}), so each step sees a
 * round's transitions after the listener has printed them. One run at a time.
 */
final class DemoScenario {
  /** The size of each scratch disk. */
  static final int DISK_SIZE = 64 * 1024;
  private static final String DIRECTIO = "directio";
  private static final Duration CHECKER_TIMEOUT = Duration.ofSeconds(5);
  /** How long the demo waits for one step (every path answered, the disk down, ...) before it gives up. */
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration UNLOAD_TIMEOUT = Duration.ofSeconds(30);

  private final PluginDirOptions plugins;
  private final Duration interval;
  private final boolean loops;
  private final int settleRounds;
  private final boolean announce;

  /**
   * A scenario over the class path's checkers and {@code plugins}', checking every {@code interval}, on loop
   * devices too unless {@code filesOnly} (and only as root), with {@code settleRounds} rounds after the disk
   * is back up; {@code announce} prints a header line naming the checkers and disks first.
   */
  DemoScenario(PluginDirOptions plugins, Duration interval, boolean filesOnly, int settleRounds, boolean announce) {
    if (settleRounds < 0) {
      throw new IllegalArgumentException("--settle-rounds must not be negative, got " + settleRounds);
    }
    this.plugins = plugins;
    this.interval = interval;
    this.loops = !filesOnly;
    this.settleRounds = settleRounds;
    this.announce = announce;
  }

  /** One scratch disk and the checker that watches it. */
  static final class Target {
    final Path path;
    final String kind;
    final String checker;

    Target(Path path, String kind, String checker) {
      this.path = path;
      this.kind = kind;
      this.checker = checker;
    }
  }

  /** What a run leaves to report. */
  static final class Run {
    final List<String> checkers = new ArrayList<>();
    final List<Target> targets = new ArrayList<>();
    final Map<Path, PathStatus> finalStatus = new LinkedHashMap<>();
    Path truncated;
    boolean stopped;
  }

  /** The stop signal came while the demo ran. */
  private static final class Stopped extends Exception {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super("stopped", null, false, false);
    }
  }

  /**
   * Runs the scenario on {@code disks}, printing through {@code journal} and warnings on {@code err}, until it
   * is done or {@code signal} asks it to stop; closes what it opened (the monitor, the devices, the registry)
   * before it returns.
   *
   * @throws IllegalStateException if a step does not happen within the step timeout
   */
  Run run(ScratchDisks disks, ShutdownSignal signal, DemoJournal journal, PrintWriter err)
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
          if (announce) {
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
    boolean loops = this.loops && ScratchDisks.canAttachLoops();
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
}
