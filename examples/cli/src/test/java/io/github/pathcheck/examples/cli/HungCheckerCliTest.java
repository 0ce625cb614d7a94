package io.github.pathcheck.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.hang.HangCheckerProvider;
import com.example.hanginit.HangInitCheckerProvider;
import com.example.slowfree.SlowFreeCheckerProvider;
import io.github.pathcheck.testkit.PluginJars;
import io.github.pathcheck.testkit.TargetTempDirFactory;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI in a JVM of its own with plugins that hang for good, ignoring interrupts: a check that never returns
 * ("hang" on files named hang*), and an init that never returns ("hanginit"). The framework's pool threads they
 * hold must not keep the command from answering and exiting within its bounds. The bounds are the commands'
 * promises, whole processes included (a JVM's start among them), and generous for that: a command that waited
 * for the hung call would never end, and is killed at the bound.
 */
class HungCheckerCliTest {
  private static final String TIME = "\\d\\d:\\d\\d:\\d\\d\\.\\d{3}";
  /** {@code check --timeout 2} answers within the timeout and a second; a JVM's start and exit fit in the rest. */
  private static final Duration CHECK_BOUND = Duration.ofSeconds(4);
  /** watch ends within 2 s of SIGTERM, whatever hangs. */
  private static final Duration SIGTERM_BOUND = Duration.ofSeconds(2);

  @TempDir(factory = TargetTempDirFactory.class)
  Path dir;

  private Path plugins;

  @BeforeEach
  void installPlugins() throws IOException {
    plugins = Files.createDirectories(dir.resolve("plugins"));
    Files.copy(PluginJars.packageOf(HangCheckerProvider.class), plugins.resolve("hang.jar"));
    Files.copy(PluginJars.packageOf(HangInitCheckerProvider.class), plugins.resolve("hanginit.jar"));
    Files.copy(PluginJars.packageOf(SlowFreeCheckerProvider.class), plugins.resolve("slowfree.jar"));
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void checkPrintsItsAnswerBeforeItFreesTheChecker() throws Exception {
    Path disk = Files.write(dir.resolve("disk.img"), new byte[4096]);
    try (CliProcess check =
        CliProcess.start(dir.resolve("err.txt"), "check", "--checker", "slowfree", "--plugin-dir",
            plugins.toString(), disk.toString())) {
      // The free returns only once this test has seen the answer: printed after the teardown, the answer would
      // come only when the framework gave up on the free, and the command would say so.
      assertThat(check.awaitLine(line -> true)).startsWith(disk + " slowfree up");
      Files.createFile(Path.of(disk + ".release"));
      int exit = check.awaitExit(CliProcess.BOUND);

      assertThat(exit).as(check.err()).isZero();
      assertThat(check.err().lines().filter(line -> line.startsWith("pathcheck: ")))
          .as("the free returned within its bounds: nothing left running")
          .isEmpty();
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void checkOfAPathWhoseCheckHangsAnswersTimeoutAndExitsWithinTheBound() throws Exception {
    Path hung = Files.write(dir.resolve("hang.img"), new byte[4096]);
    long start = System.nanoTime();
    try (CliProcess check =
        CliProcess.start(dir.resolve("err.txt"), "check", "--checker", "hang", "--timeout", "2",
            "--plugin-dir", plugins.toString(), hung.toString())) {
      int exit = check.awaitExit(CHECK_BOUND);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took).as("time from start to exit").isLessThan(CHECK_BOUND);
      assertThat(exit).as(check.err()).isZero();
      assertThat(check.lines()).containsExactly(hung + " hang timeout hang checker timed out");
      assertThat(check.err().lines().filter(line -> line.startsWith("pathcheck: ")))
          .as("one line says what was left running")
          .singleElement()
          .asString()
          .startsWith("pathcheck: warning: exiting with 1 call of the hang checker (on " + hung + ")");
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void checkWithAnInitThatHangsIsAOneLineErrorWithinTheBound() throws Exception {
    Path disk = Files.write(dir.resolve("disk.img"), new byte[4096]);
    long start = System.nanoTime();
    try (CliProcess check =
        CliProcess.start(dir.resolve("err.txt"), "check", "--checker", "hanginit", "--timeout", "2",
            "--plugin-dir", plugins.toString(), disk.toString())) {
      int exit = check.awaitExit(CHECK_BOUND);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took).as("time from start to exit").isLessThan(CHECK_BOUND);
      assertThat(exit).as(check.err()).isEqualTo(1);
      assertThat(check.lines()).isEmpty();
      List<String> errors =
          check.err().lines()
              .filter(line -> line.startsWith("pathcheck: ") && !line.startsWith("pathcheck: warning: "))
              .collect(Collectors.toList());
      assertThat(errors)
          .as(check.err())
          .singleElement()
          .asString()
          .contains("hanginit checker's init for " + disk)
          .contains("did not return within the checker timeout");
      assertThat(check.err()).as("no stack trace").doesNotContain("\tat ");
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void watchKeepsReportingAHealthyPathWhileAnotherHangsAndEndsSoonAfterSigterm() throws Exception {
    Path hung = Files.write(dir.resolve("hang.img"), new byte[4096]);
    Path healthy = Files.write(dir.resolve("ok.img"), new byte[4096]);
    try (CliProcess watch =
        CliProcess.start(dir.resolve("err.txt"), "watch", "--checker", "hang", "--timeout", "1",
            "--interval", "0.1", "--plugin-dir", plugins.toString(), hung.toString(), healthy.toString())) {
      watch.awaitLine(line -> line.matches(TIME + " " + healthy + " unchecked -> up hang checker reports path is up"));
      watch.awaitLine(line -> line.matches(TIME + " " + hung + " unchecked -> timeout hang checker timed out"));

      truncate(healthy);
      watch.awaitLine(line -> line.matches(TIME + " " + healthy + " up -> down hang checker reports path is down"));
      Files.write(healthy, new byte[4096]);
      watch.awaitLine(line -> line.matches(TIME + " " + healthy + " down -> up hang checker reports path is up"));

      long signalled = System.nanoTime();
      watch.handle().destroy();
      int exit = watch.awaitExit(SIGTERM_BOUND);
      Duration took = Duration.ofNanos(System.nanoTime() - signalled);

      assertThat(took).as("time from SIGTERM to exit").isLessThan(SIGTERM_BOUND);
      assertThat(exit).as(watch.err()).isEqualTo(128 + 15);
      assertThat(watch.err().lines().filter(line -> line.startsWith("pathcheck: ")))
          .containsExactly(
              "pathcheck: warning: exiting with the hang checks of " + hung
                  + " still running, stuck past the checker timeout; not waiting for it",
              "pathcheck: stopped watching 2 paths; freed the checkers, closed the devices and the registry");
    }
  }

  private static void truncate(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(0);
    }
  }
}
