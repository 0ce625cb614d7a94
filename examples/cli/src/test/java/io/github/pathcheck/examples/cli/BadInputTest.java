package io.github.pathcheck.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.testkit.TargetTempDirFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator's host meets (issue 13): paths that are not devices, file names that try to forge output
 * lines, and options that must read the same in check, watch and bench.
 */
class BadInputTest {
  private static final String TIME = "\\d\\d:\\d\\d:\\d\\d\\.\\d{3}";

  @TempDir(factory = TargetTempDirFactory.class)
  Path dir;

  // ---------------------------------------------------------------------------------------------------------
  // A FIFO never blocks a command: each is its own process, bounded by CliProcess.BOUND (a FIFO's open used to
  // wait forever for a writer).

  @Test
  void checkAndWatchRefuseAFifoInOneLineAndExit() throws Exception {
    Path fifo = dir.resolve("fifo");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor()).isZero();
    List<List<String>> commands =
        List.of(
            List.of("check", "--checker", "none", fifo.toString()),
            List.of("watch", "--checker", "none", fifo.toString()));
    for (List<String> command : commands) {
      Path err = dir.resolve("err-" + command.get(0) + ".txt");
      try (CliProcess cli = CliProcess.start(err, command.toArray(String[]::new))) {
        int exit = cli.awaitExit(CliProcess.BOUND);

        assertThat(exit).as(command + ": " + cli.err()).isEqualTo(1);
        assertThat(cli.err().lines()).as(String.join(" ", command))
            .singleElement()
            .asString()
            .isEqualTo("pathcheck: open(" + fifo + ") failed: ENOTBLK (Block device required); it is a FIFO:"
                + " give a block device, a regular file, or a SCSI generic or NVMe node");
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Control characters in names are escaped in text output; JSON escapes them its own way.

  @Test
  void checkPrintsAPathWithANewlineAsOneEscapedLine() throws IOException {
    Path disk = Files.write(dir.resolve("disk\nforged none up none checker reports path is up"), new byte[4096]);

    CliRun run = CliRun.of("check", "--checker", "none", disk.toString());

    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out.lines())
        .containsExactly(
            dir + "/disk\\nforged none up none checker reports path is up none up none checker reports path is up");
  }

  @Test
  void checkEscapesEveryControlCharacterAndTheBackslashThatWouldMakeItAmbiguous() throws IOException {
    Path disk = Files.write(dir.resolve("a\tb\rc\u001b[2Jd\\ne\u007ff\u009bg"), new byte[4096]);

    CliRun run = CliRun.of("check", "--checker", "none", disk.toString());

    assertThat(run.out.lines())
        .containsExactly(dir + "/a\\tb\\rc\\x1b[2Jd\\\\ne\\x7ff\\x9bg none up none checker reports path is up");
  }

  @Test
  void checkJsonKeepsThePathWhole() throws IOException {
    Path disk = Files.write(dir.resolve("disk\nforged"), new byte[4096]);

    CliRun run = CliRun.of("check", "--checker", "none", "--json", disk.toString());

    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out).contains("\"path\": \"" + dir + "/disk\\nforged\"");
    assertThat(run.out.lines()).noneMatch(line -> line.startsWith("forged"));
  }

  @Test
  void watchPrintsAPathWithANewlineAsOneEscapedLine() throws IOException {
    Path disk = Files.write(dir.resolve("disk\nforged"), new byte[4096]);

    CliRun text = CliRun.of("watch", "--checker", "none", "--interval", "0.01", "--rounds", "1", disk.toString());
    CliRun json =
        CliRun.of("watch", "--checker", "none", "--interval", "0.01", "--rounds", "1", "--json", disk.toString());

    assertThat(text.exitCode).as(text.err).isZero();
    assertThat(text.out.lines())
        .singleElement()
        .asString()
        .matches(TIME + " " + dir + "/disk\\\\nforged unchecked -> up none checker reports path is up");
    assertThat(json.out.lines()).singleElement().asString().contains("\"path\": \"" + dir + "/disk\\nforged\"");
  }

  @Test
  void demoPrintsAScratchDirectoryWithANewlineEscaped() throws IOException {
    Path scratch = Files.createDirectory(dir.resolve("scratch\nforged"));

    CliRun run = CliRun.of("demo", "--no-loop", "--interval", "0.05", "--scratch-dir", scratch.toString());

    assertThat(run.exitCode).as(run.err).isZero();
    List<String> lines = run.out.lines().collect(Collectors.toList());
    assertThat(lines).noneMatch(line -> line.startsWith("forged"));
    assertThat(lines).anyMatch(line -> line.contains(dir + "/scratch\\nforged/pathcheck-demo-"));
    assertThat(lines).anyMatch(line -> line.matches(
        TIME + " " + dir + "/scratch\\\\nforged/pathcheck-demo-\\d+/none\\.img none unchecked -> up .*"));
  }

  /**
   * At a low open-file limit the JVM fails in whatever it loads first (JNA's library, a class initialiser): the
   * command still says so in one line. Several limits, since which one bites depends on the JVM.
   */
  @Test
  void watchAtTheDescriptorLimitFailsInOneLine() throws Exception {
    Path disk = Files.write(dir.resolve("disk"), new byte[8192]);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    int failed = 0;
    for (int limit : new int[] {16, 18, 20, 22}) {
      Path err = dir.resolve("err-" + limit + ".txt");
      Process process =
          new ProcessBuilder("bash", "-c", "ulimit -n " + limit + " && exec \"$@\"", "watch-at-limit", java, "-cp",
                  System.getProperty("java.class.path"), PathcheckCommand.class.getName(), "watch", "--checker",
                  "directio", "--rounds", "1", "--interval", "0.01", disk.toString())
              .redirectError(err.toFile())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exit at limit " + limit).isTrue();
      if (process.exitValue() != 0) {
        failed++;
        assertThat(Files.readString(err).lines()).as("limit " + limit).singleElement().asString()
            .startsWith("pathcheck: ");
      }
    }
    assertThat(failed).as("runs that reached the limit").isPositive();
  }

  // ---------------------------------------------------------------------------------------------------------
  // Options that agree

  @Test
  void checkTakesAFractionalTimeoutAndSyncOrAsync() throws IOException {
    Path disk = Files.write(dir.resolve("disk"), new byte[8192]);
    for (String mode : new String[] {"--sync", "--async"}) {
      CliRun run = CliRun.of("check", "--checker", "directio", "--timeout", "0.5", mode, disk.toString());

      assertThat(run.exitCode).as(mode + ": " + run.err).isZero();
      assertThat(run.out.lines()).containsExactly(disk + " directio up directio checker reports path is up");
    }
  }

  @Test
  void checkAndWatchRefuseSyncAndAsyncTogether() throws IOException {
    Path disk = Files.write(dir.resolve("disk"), new byte[4096]);
    for (String command : new String[] {"check", "watch"}) {
      CliRun run = CliRun.of(command, "--checker", "none", "--sync", "--async", disk.toString());

      assertThat(run.exitCode).as(command).isEqualTo(2);
      assertThat(run.err.lines().findFirst()).as(command).hasValueSatisfying(
          line -> assertThat(line).contains("--sync", "--async").contains("mutually exclusive"));
    }
  }

  @Test
  void watchAndDemoRefuseAnIntervalBelowTheFloorInOneLine() throws IOException {
    Path disk = Files.write(dir.resolve("disk"), new byte[4096]);
    for (String[] args : new String[][] {
        {"watch", "--checker", "none", "--rounds", "1", disk.toString(), "--interval", "1e-9"},
        {"demo", "--no-loop", "--scratch-dir", dir.toString(), "--interval", "0.001"}}) {
      CliRun run = CliRun.of(args);

      assertThat(run.exitCode).as(args[0]).isEqualTo(2);
      assertThat(run.out).as(args[0]).isEmpty();
      assertThat(run.err.lines().findFirst()).as(args[0]).hasValueSatisfying(
          line -> assertThat(line).startsWith("Invalid value for option '--interval': '" + args[args.length - 1] + "'")
              .endsWith("is below the floor of 0.01 s (10 ms): give 0.01 or more"));
    }
  }

  @Test
  void propertyReachesTheCheckerInCheckAndWatch() throws IOException {
    Path disk = Files.write(dir.resolve("disk"), new byte[4096]);

    CliRun check = CliRun.of("check", "--checker", "none", "--property", "state=ghost", disk.toString());
    CliRun watch = CliRun.of("watch", "--checker", "none", "--property", "state=down", "--interval", "0.01",
        "--rounds", "1", disk.toString());

    assertThat(check.out.lines()).as(check.err).containsExactly(disk + " none ghost none checker reports path is ghost");
    assertThat(watch.out.lines()).as(watch.err).singleElement().asString()
        .matches(TIME + " " + disk + " unchecked -> down none checker reports path is down");
  }

  @Test
  void anUnknownPropertyIsAOneLineErrorNamingIt() throws IOException {
    Path disk = Files.write(dir.resolve("disk"), new byte[4096]);

    CliRun run = CliRun.of("check", "--checker", "directio", "--property", "colour=blue", disk.toString());

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err.lines()).singleElement().asString().contains("colour");
  }

  @Test
  void classOptionReachesTheCheckerClassInCheckAndWatch() throws IOException {
    Path disk = Files.write(dir.resolve("disk"), new byte[8192]);
    for (String[] args : new String[][] {
        {"check", "--checker", "directio", "--class-option", "groupSize=NaN", disk.toString()},
        {"watch", "--checker", "directio", "--class-option", "groupSize=NaN", "--rounds", "1", disk.toString()}}) {
      CliRun run = CliRun.of(args);

      assertThat(run.exitCode).as(args[0] + ": " + run.out + run.err).isEqualTo(1);
      assertThat(run.err.lines()).as(args[0]).singleElement().asString().contains("groupSize").contains("NaN");
    }
    CliRun valid = CliRun.of("check", "--checker", "directio", "--class-option", "groupSize=2", disk.toString());
    assertThat(valid.out.lines()).as(valid.err).containsExactly(disk + " directio up directio checker reports path is up");
  }
}
