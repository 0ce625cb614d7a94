package io.github.pathcheck.lab;

import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.testkit.ResourceSnapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One scenario of a guest runner ({@link GuestScenarios}, {@link NvmeGuestScenarios}): runs it, releases what it
 * loaded, checks that nothing is left since before it, and prints and records its {@code SCENARIO name PASS|FAIL
 * detail (N ms)} line, which the host test reads ({@link LabRun#scenarioOutcomes}).
 */
final class ScenarioRun {
  /** The scenario itself: returns a detail for the line, or throws to fail. */
  interface Body {
    String run() throws Exception;
  }

  /** Releases what the scenario loaded and returns what is left since {@code before}, a line per leak. */
  interface Release {
    List<String> leaksSince(ResourceSnapshot before) throws Exception;
  }

  /** A guest runner's set-up and scenarios: returns whether every scenario passed. */
  interface Runner {
    boolean runAll(LabShell lab, PrintWriter results) throws IOException;
  }

  private ScenarioRun() {}

  /**
   * The {@code main} of guest runner {@code name}: takes the results file as the one argument and the lab's
   * directory from {@code PATHCHECK_LAB_DIR} (set by lab/run), runs {@code runner} with the file open, and exits
   * 0 when every scenario passed, 1 otherwise, 2 on a wrong invocation.
   */
  static void main(String name, String[] args, Runner runner) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: " + name + " RESULTS_FILE");
      System.exit(2);
    }
    String labDir = System.getenv("PATHCHECK_LAB_DIR");
    if (labDir == null) {
      System.err.println(name + " runs in the lab's guest: lab/run sets PATHCHECK_LAB_DIR");
      System.exit(2);
    }
    boolean allPassed;
    try (PrintWriter results =
        new PrintWriter(
            Files.newBufferedWriter(
                Path.of(args[0]),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING))) {
      allPassed = runner.runAll(new LabShell(Path.of(labDir)), results);
    }
    System.exit(allPassed ? 0 : 1);
  }

  /**
   * Runs scenario {@code name} and records its line in {@code results} and on standard output; after a failure
   * {@code releaseQuietly} releases what it can.
   *
   * @return whether the scenario passed and left nothing behind
   */
  static boolean run(String name, PrintWriter results, Body body, Release release, Runnable releaseQuietly) {
    long start = System.nanoTime();
    ResourceSnapshot before = ResourceSnapshot.take();
    String outcome;
    boolean passed = false;
    try {
      String detail = body.run();
      List<String> leaks = release.leaksSince(before);
      if (leaks.isEmpty()) {
        outcome = "PASS " + detail;
        passed = true;
      } else {
        outcome = "FAIL " + detail + "; left behind: " + leaks;
      }
    } catch (Exception | AssertionError e) {
      releaseQuietly.run();
      outcome = "FAIL " + e;
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      System.out.print(trace);
    }
    String line =
        "SCENARIO "
            + name
            + " "
            + outcome.replace('\n', ' ')
            + " ("
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
            + " ms)";
    System.out.println(line);
    System.out.flush();
    results.println(line);
    results.flush();
    return passed;
  }

  /** Unloads a scenario's {@code loaded} classes and waits (up to 30 s each) for their release; empties the list. */
  static void unloadAll(List<CheckerClass> loaded) throws Exception {
    for (CheckerClass cls : loaded) {
      cls.unload().released().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    loaded.clear();
  }

  /** Unloads a failed scenario's {@code loaded} classes, printing what an unload throws; empties the list. */
  static void unloadQuietly(List<CheckerClass> loaded) {
    for (CheckerClass cls : loaded) {
      try {
        cls.unload();
      } catch (RuntimeException e) {
        System.out.println("unload of " + cls.name() + " after a failure: " + e);
      }
    }
    loaded.clear();
  }
}
