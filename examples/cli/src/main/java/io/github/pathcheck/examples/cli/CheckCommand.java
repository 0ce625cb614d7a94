package io.github.pathcheck.examples.cli;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.CheckerInitException;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.loader.CheckerHandle;
import io.github.pathcheck.loader.CheckerRegistry;
import io.github.pathcheck.loader.PathChecker;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import io.github.pathcheck.nativeio.NativeException;
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
 * {@code pathcheck check}: checks each path once with one checker and prints its state.
 *
 * <p>Each path is checked with {@link PathChecker#checkAndWait()}: the framework's own round, which waits at
 * most the checker timeout and a second and answers {@code timeout} if no answer came. A check that hangs never
 * holds the command: it stays on a daemon thread of the framework's pool, is named in one warning line, and is
 * left behind when the command exits. The answers are printed once every path has one, before the checkers
 * are freed and the classes unloaded.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Checks each PATH once and prints PATH CHECKER STATE MESSAGE.",
      "Waits at most the checker timeout and a second per path; a path whose check does not answer in time"
          + " prints timeout.",
      "Exits 0 when every path was checked, 1 when a path could not be opened or its checker not set up."
    })
final class CheckCommand implements Callable<Integer>, OneShotCommand {

  @Spec CommandSpec spec;

  @Option(names = "--checker", required = true, paramLabel = "NAME", description = "The checker to use.")
  String checkerName;

  @Mixin CheckerOptionsMixin checkerOptions;

  @Mixin CheckModeOptions mode;

  @Option(names = "--json", description = "Print a JSON array of {\"path\",\"checker\",\"state\",\"message\"}.")
  boolean json;

  @Mixin PluginDirOptions plugins;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Block devices or files to check.")
  List<Path> paths;

  @Override
  public Integer call() throws InterruptedException {
    return run(spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  @Override
  public int run(PrintWriter out, PrintWriter err) throws InterruptedException {
    CheckerOptions options = checkerOptions.checkerOptions().withMode(mode.mode());
    List<Result> results = new ArrayList<>();
    List<Path> stuck = new ArrayList<>();
    boolean allChecked = true;
    long stuckCalls = 0;
    CheckerRegistry registry = plugins.openRegistry(err, checkerOptions.classOptions(checkerName));
    try {
      try (CheckerHandle handle = registry.acquire(checkerName)) {
        List<CheckedPath> checkedPaths = new ArrayList<>();
        try {
          for (Path path : paths) {
            CheckedPath checkedPath = CheckedPath.open(handle, path, options, err);
            if (checkedPath == null) {
              allChecked = false;
            } else {
              checkedPaths.add(checkedPath);
            }
          }
          // Start every check first, as multipathd does, so that the waits below overlap: a hung path costs
          // the whole command at most one checker timeout and a second, not one per path.
          for (CheckedPath checkedPath : checkedPaths) {
            checkedPath.result = checkedPath.checker.check();
          }
          for (CheckedPath checkedPath : checkedPaths) {
            if (checkedPath.result.isPending()) {
              checkedPath.result = checkedPath.checker.checkAndWait(); // collects the check in flight, starts none
            }
            if (checkedPath.result.state() == PathState.TIMEOUT) {
              stuck.add(checkedPath.device.path());
            }
            results.add(new Result(checkedPath.device.path(), checkerName, checkedPath.result));
          }
          // Every answer is in: print them before the teardown, which may take up to the release bound; what
          // the teardown has to say follows on standard error.
          print(results, out);
        } finally {
          stuckCalls = handle.stuckChecks();
          for (CheckedPath checkedPath : checkedPaths) {
            checkedPath.close();
          }
        }
      }
    } finally {
      PluginDirOptions.closeBounded(
          registry, PluginDirOptions.RELEASE_BOUND, checkerName, leftRunning(stuckCalls, stuck), err);
    }
    return allChecked ? 0 : 1;
  }

  private static LinuxPathDevice openOrNull(Path path, PrintWriter err) {
    try {
      return LinuxPathDevice.open(path);
    } catch (NativeException e) {
      err.println("pathcheck: " + ControlCharacters.escape(e.getMessage()));
      err.flush();
      return null;
    }
  }

  private String leftRunning(long stuckCalls, List<Path> timedOut) {
    if (stuckCalls == 0) {
      return "";
    }
    return stuckCalls + (stuckCalls == 1 ? " call" : " calls") + " of the " + checkerName + " checker"
        + (timedOut.isEmpty() ? "" : " (on " + timedOut.stream().map(Path::toString)
            .collect(Collectors.joining(", ")) + ")");
  }

  private void print(List<Result> results, PrintWriter out) {
    if (json) {
      out.print('[');
      for (int i = 0; i < results.size(); i++) {
        Result r = results.get(i);
        out.print(i == 0 ? "\n  " : ",\n  ");
        out.print("{\"path\": " + Json.string(r.path.toString()) + ", \"checker\": " + Json.string(r.checker)
            + ", \"state\": " + Json.string(r.result.state().displayName()) + ", \"message\": "
            + Json.string(r.printedMessage()) + "}");
      }
      out.println(results.isEmpty() ? "]" : "\n]");
    } else {
      for (Result r : results) {
        out.println(ControlCharacters.escape(
            r.path + " " + r.checker + " " + r.result.state().displayName() + " " + r.printedMessage()));
      }
    }
    out.flush();
  }

  /** One path being checked: its device and checker, closed together. */
  private static final class CheckedPath implements AutoCloseable {
    final LinuxPathDevice device;
    final PathChecker checker;
    CheckResult result;

    private CheckedPath(LinuxPathDevice device, PathChecker checker) {
      this.device = device;
      this.checker = checker;
    }

    /** Opens {@code path} and inits its checker, or prints why not in one line and returns null. */
    static CheckedPath open(CheckerHandle handle, Path path, CheckerOptions options, PrintWriter err) {
      LinuxPathDevice device = openOrNull(path, err);
      if (device == null) {
        return null;
      }
      try {
        return new CheckedPath(device, handle.init(device, options));
      } catch (CheckerInitException | RuntimeException e) {
        device.close();
        String message = String.valueOf(e.getMessage());
        err.println("pathcheck: "
            + ControlCharacters.escape(message.contains(path.toString()) ? message : path + ": " + message));
        err.flush();
        return null;
      }
    }

    /**
     * Closes the checker, which never waits for a check still running (that one frees its checker when it
     * returns), then the device, unless a stuck check may still read its descriptor: the process's exit closes
     * that one.
     */
    @Override
    public void close() {
      try {
        checker.close();
      } finally {
        if (checker.released().toCompletableFuture().isDone()) { // close waited for the free; a stuck call holds it
          device.close();
        }
      }
    }
  }

  /** One line of output. */
  private static final class Result {
    final Path path;
    final String checker;
    final CheckResult result;

    Result(Path path, String checker, CheckResult result) {
      this.path = path;
      this.checker = checker;
      this.result = result;
    }

    /** The message as multipath prints it: {@code "<name> checker<message>"}, or empty. */
    String printedMessage() {
      return result.message().isEmpty() ? "" : checker + " checker" + result.message();
    }
  }
}
