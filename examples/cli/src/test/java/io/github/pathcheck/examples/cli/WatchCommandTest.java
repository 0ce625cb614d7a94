package io.github.pathcheck.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.testkit.ResourceSnapshot;
import io.github.pathcheck.testkit.TargetTempDirFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code pathcheck watch} on O_DIRECT files: the transitions it prints while a file goes down and up, its
 * errors, and its clean shutdown, in this JVM through its test seams and in a JVM of its own under SIGTERM.
 */
class WatchCommandTest {
  private static final String TIME = "\\d\\d:\\d\\d:\\d\\d\\.\\d{3}";
  private static final byte[] CONTENT = new byte[8192];
  /** How long the checkers' threads may take to end after the watch has released them. */
  private static final Duration LEAK_MARGIN = Duration.ofSeconds(10);

  @TempDir(factory = TargetTempDirFactory.class)
  Path dir;

  private ResourceSnapshot before;

  /** Loads the native layer and opens the jars a JVM keeps open before anything is counted. */
  @BeforeAll
  static void warmUp() throws IOException {
    Path parent = Files.createDirectories(Path.of("target", "test-tmp"));
    Path disk = Files.write(Files.createTempFile(parent, "warm-up", ".img"), CONTENT);
    try {
      CliRun run = CliRun.of("watch", "--checker", "directio", "--rounds", "1", disk.toString());
      assertThat(run.exitCode).as(run.err).isZero();
    } finally {
      Files.delete(disk);
    }
  }

  @BeforeEach
  void recordStart() {
    before = ResourceSnapshot.take();
  }

  /**
   * Runs watch with a hook between rounds that reads what it printed so far: once the file is up it truncates
   * it, once it is down it restores it, once it is up again it asks the watch to stop, as Ctrl-C does. The
   * round count only bounds a watch that never gets there.
   */
  @ParameterizedTest
  @ValueSource(strings = {"--async", "--sync"})
  void printsTheTransitionsOfAFileThatGoesDownAndUpThenStopsCleanly(String mode) throws Exception {
    Path disk = Files.write(dir.resolve("disk.img"), CONTENT);
    Path other = Files.write(dir.resolve("other.img"), CONTENT);
    CommandLine commandLine = PathcheckCommand.commandLine("watch");
    WatchCommand watch = commandLine.getSubcommands().get("watch").getCommand();
    StringWriter out = new StringWriter();
    boolean[] done = new boolean[2]; // truncated, restored
    watch.afterRound =
        round -> {
          String printed = out.toString();
          if (!done[0] && printed.contains(disk + " unchecked -> up")) {
            truncate(disk);
            done[0] = true;
          } else if (done[0] && !done[1] && printed.contains(disk + " up -> down")) {
            write(disk);
            done[1] = true;
          } else if (done[1] && printed.contains(disk + " down -> up")) {
            watch.requestStop();
          }
        };

    CliRun run =
        CliRun.of(
            commandLine,
            out,
            "watch", "--checker", "directio", mode, "--interval", "0.02", "--rounds", "1000",
            disk.toString(), other.toString());

    assertThat(run.exitCode).as(run.err).isZero();
    List<String> lines = run.out.lines().collect(Collectors.toList());
    assertThat(lines.stream().filter(l -> l.contains(disk.toString())))
        .as(run.out)
        .satisfiesExactly(
            l -> assertThat(l).matches(TIME + " " + disk + " unchecked -> up directio checker reports path is up"),
            l -> assertThat(l).matches(TIME + " " + disk + " up -> down directio checker reports path is down"),
            l -> assertThat(l).matches(TIME + " " + disk + " down -> up directio checker reports path is up"));
    assertThat(lines.stream().filter(l -> l.contains(other.toString())))
        .as("only transitions are printed: the other file's first answer, nothing more")
        .singleElement()
        .asString()
        .matches(TIME + " " + other + " unchecked -> up directio checker reports path is up");
    assertThat(run.err.lines())
        .singleElement()
        .isEqualTo("pathcheck: stopped watching 2 paths; freed the checkers, closed the devices and the registry");
    assertThat(ResourceSnapshot.leaksSince(before, LEAK_MARGIN)).as("what the watch left behind").isEmpty();
  }

  @Test
  void stopsAfterTheRoundsItWasGivenAndPrintsOnlyTheFirstAnswers() throws IOException {
    Path disk = Files.write(dir.resolve("disk.img"), CONTENT);
    CliRun run = CliRun.of("watch", "--checker", "none", "--interval", "0.01", "--rounds", "3", disk.toString());
    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out.lines())
        .singleElement()
        .asString()
        .matches(TIME + " " + disk + " unchecked -> up none checker reports path is up");
    assertThat(run.err).isEmpty();
  }

  @Test
  void printsOneJsonObjectPerTransitionForScripts() throws IOException {
    Path disk = Files.write(dir.resolve("disk \"1\".img"), CONTENT);
    CliRun run =
        CliRun.of("watch", "--checker", "none", "--json", "--interval", "0.01", "--rounds", "2", disk.toString());
    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out.lines())
        .singleElement()
        .asString()
        .matches("\\{\"time\": \"[0-9T:.-]+Z\", \"path\": " + java.util.regex.Pattern.quote(Json.string(disk.toString()))
            + ", \"from\": \"unchecked\", \"to\": \"up\", \"message\": \"none checker reports path is up\"\\}");
  }

  @Test
  void aMissingPathIsAOneLineErrorNamingItBeforeWatching() throws IOException {
    Path disk = Files.write(dir.resolve("disk.img"), CONTENT);
    Path missing = dir.resolve("missing");
    CliRun run = CliRun.of("watch", "--checker", "directio", "--rounds", "1", disk.toString(), missing.toString());
    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err.lines()).singleElement().asString().startsWith("pathcheck: ").contains(missing.toString())
        .contains("ENOENT");
    assertThat(run.out).isEmpty();
    // No margin: no checker ran, and a wait would let a garbage collection close an unclosed device for us.
    assertThat(ResourceSnapshot.take().leaksSince(before)).as("what the watch left behind").isEmpty();
  }

  @Test
  void anUnknownCheckerIsAOneLineErrorNamingIt() throws IOException {
    Path disk = Files.write(dir.resolve("disk.img"), CONTENT);
    CliRun run = CliRun.of("watch", "--checker", "nosuch", "--rounds", "1", disk.toString());
    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err.lines()).singleElement().asString().contains("nosuch");
    assertThat(run.out).isEmpty();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void sigtermStopsTheWatchAfterItHasClosedEverything() throws Exception {
    Path disk = Files.write(dir.resolve("disk.img"), CONTENT);
    Path err = dir.resolve("err.txt");
    try (CliProcess watch =
        CliProcess.start(err, "watch", "--checker", "directio", "--interval", "0.05", disk.toString())) {
      watch.awaitLine(line -> line.endsWith(disk + " unchecked -> up directio checker reports path is up"));

      int exit = watch.terminate();

      assertThat(exit).as(watch.err()).isEqualTo(128 + 15);
      assertThat(watch.err())
          .isEqualTo("pathcheck: stopped watching 1 path; freed the checkers, closed the devices and the registry"
              + System.lineSeparator());
    }
  }

  private static void truncate(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file) {
    try {
      Files.write(file, CONTENT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
