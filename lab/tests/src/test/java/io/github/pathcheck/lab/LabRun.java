package io.github.pathcheck.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DynamicTest;

/**
 * One boot of the kernel lab ({@code lab/run}) running one guest script, its results folder {@code
 * target/NAME} made afresh and its console kept there as {@code console.log}: what the lab's test classes share.
 * {@code lab/run} never outlives {@link #run}: it is stopped (TERM, which stops qemu) once it ends or times out.
 */
final class LabRun {
  private static final Pattern SCENARIO = Pattern.compile("^SCENARIO (\\S+) (PASS|FAIL) (.*)$");

  private final Path results;
  private final int exit;

  private LabRun(Path results, int exit) {
    this.results = results;
    this.exit = exit;
  }

  /**
   * Runs {@code script} (relative to the repository) in the lab and waits for it, at most {@code timeoutSeconds}
   * and a minute for the boot and the power-off.
   *
   * @param withTestClassPath whether the guest gets this JVM's class path as {@code PATHCHECK_LAB_CLASSPATH} (also
   *     written to {@code classpath.txt}, to run the script again by hand), for a scenario runner
   */
  static LabRun run(Path repo, String name, String script, int timeoutSeconds, boolean withTestClassPath)
      throws IOException, InterruptedException {
    Path results = Path.of("target", name).toAbsolutePath();
    KernelLabTest.deleteRecursively(results);
    Files.createDirectories(results);
    Path console = results.resolve("console.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                repo.resolve("lab/run").toString(),
                "--timeout",
                Integer.toString(timeoutSeconds),
                "--results",
                results.toString(),
                repo.resolve(script).toString())
            .redirectErrorStream(true)
            .redirectOutput(console.toFile());
    if (withTestClassPath) {
      String classPath = System.getProperty("java.class.path");
      builder.environment().put("PATHCHECK_LAB_CLASSPATH", classPath);
      Files.writeString(results.resolve("classpath.txt"), classPath + "\n");
    }
    Process lab = builder.start();
    try {
      if (!lab.waitFor(timeoutSeconds + 60, TimeUnit.SECONDS)) {
        fail("lab/run did not end after " + (timeoutSeconds + 60) + " s; console: " + console);
      }
      return new LabRun(results, lab.exitValue());
    } finally {
      lab.destroy(); // TERM: lab/run's trap stops qemu
      lab.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Returns lab/run's exit status: the script's. */
  int exit() {
    return exit;
  }

  /** Returns the folder the guest's results were written to. */
  Path results() {
    return results;
  }

  /** Returns every line of the console: the script's output and the kernel's warnings. */
  List<String> consoleLines() throws IOException {
    return Files.readAllLines(results.resolve("console.log"), StandardCharsets.ISO_8859_1);
  }

  /** Returns the last {@code lines} lines of the console, for a failure's message. */
  String consoleTail(int lines) throws IOException {
    return KernelLabTest.tail(results.resolve("console.log"), lines);
  }

  /**
   * Returns the scenarios a runner reported in {@code file} of the results ({@code SCENARIO name PASS|FAIL
   * detail} lines): name to "PASS detail" or "FAIL detail", in order; empty when the file is missing.
   */
  Map<String, String> scenarioOutcomes(String file) throws IOException {
    Map<String, String> outcomes = new LinkedHashMap<>();
    Path path = results.resolve(file);
    if (!Files.exists(path)) {
      return outcomes;
    }
    for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
      Matcher m = SCENARIO.matcher(line);
      if (m.matches()) {
        outcomes.put(m.group(1), m.group(2) + " " + m.group(3));
      }
    }
    return outcomes;
  }

  /**
   * Returns a test per scenario of {@code names}, passing when {@code file} of the results says it passed, and a
   * last one that every scenario reported, in that order, and that lab/run exited 0.
   */
  List<DynamicTest> scenarioTests(List<String> names, String file) throws IOException {
    Map<String, String> outcomes = scenarioOutcomes(file);
    String tail = consoleTail(60);
    List<DynamicTest> tests = new ArrayList<>();
    for (String name : names) {
      tests.add(DynamicTest.dynamicTest(name, () -> {
        String outcome = outcomes.get(name);
        if (outcome == null) {
          fail("no result for " + name + " (lab/run exit " + exit + "); console tail:\n" + tail);
        }
        assertThat(outcome).as(name).startsWith("PASS");
      }));
    }
    tests.add(DynamicTest.dynamicTest("every scenario reported, lab/run exit 0", () -> {
      assertThat(outcomes.keySet()).as("scenarios reported").containsExactlyElementsOf(names);
      assertThat(exit).as("lab/run exit status; console tail:\n" + tail).isZero();
    }));
    return tests;
  }
}
