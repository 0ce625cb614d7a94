package io.github.pathcheck.examples.cli;

import io.github.pathcheck.monitor.PathMonitor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
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
 * <p>The command holds the options; {@link DemoScenario} runs the scenario on the command's own thread, {@link
 * DemoJournal} prints the transitions as they come, and {@link DemoReport} the table or the JSON document.
 *
 * <p>Everything it creates is removed at the end, also on Ctrl-C: the shutdown hook asks the command to stop
 * and waits for it to clean up ({@link ShutdownSignal}).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    defaultValueProvider = DemoCommand.DefaultInterval.class,
    description = {
      "Runs every checker this host can load on scratch disks (files; as root also loop devices), takes one"
          + " disk down by truncating it and brings it up again, printing each transition as it happens and"
          + " a table of the final states.",
      "Needs no device and no root; removes everything it created, also on Ctrl-C."
    })
final class DemoCommand implements Callable<Integer> {
  /** The default interval: 0.25 s, so that the demo's steps follow each other quickly. */
  static final class DefaultInterval extends IntervalOption.Default {
    DefaultInterval() {
      super("0.25");
    }
  }

  private static final Duration HOOK_BOUND = Duration.ofSeconds(20);

  @Spec CommandSpec spec;

  @Mixin IntervalOption interval;

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
    DemoScenario scenario = new DemoScenario(plugins, interval.interval(), noLoop, settleRounds, !json);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DemoReport.Aio before = DemoReport.Aio.now();
    DemoJournal journal = new DemoJournal(json ? null : out);
    AtomicReference<ScratchDisks> made = new AtomicReference<>();
    // The hook waits for this method to end: the disks removed and the results printed, also after Ctrl-C.
    try (ShutdownSignal signal =
        ShutdownSignal.install("pathcheck-demo-shutdown", () -> closeQuietly(made.get()), HOOK_BOUND)) {
      ScratchDisks disks = makeDisks();
      made.set(disks);
      DemoScenario.Run run;
      try (ScratchDisks owned = disks) {
        run = scenario.run(owned, signal, journal, err);
      }
      DemoReport.Aio after = DemoReport.Aio.now();
      if (json) {
        DemoReport.printJson(out, disks, interval.interval(), run, journal, before, after);
      } else {
        DemoReport.printTable(out, disks, run, before, after);
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
}
