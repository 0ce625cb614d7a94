package io.github.pathcheck.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.testkit.TargetTempDirFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@link FastLane} against picocli: for the arguments it reads it sets the commands as picocli does and prints
 * what picocli prints; everything else it declines, printing nothing.
 */
class FastLaneTest {

  static Stream<String> acceptedChecks() {
    return Stream.of(
        "check --checker none /dev/sda",
        "check --checker=directio /dev/sda /dev/sdb",
        "check /dev/sda --checker tur --sync --json",
        "check --async --checker none --timeout 0.25 /dev/sda",
        "check --checker none --timeout=7 -- -odd-name --json",
        "check --checker none --property state=down --property msg=a=b --property bare /dev/sda",
        "check --checker directio --class-option groupSize=64 --class-option=x=y /dev/sda",
        "check --checker none --plugin-dir /opt/a --plugin-dir=/opt/b --allow-untrusted-plugins /dev/sda",
        "check --checker none --property= /dev/sda",
        "check --checker= /dev/sda");
  }

  @ParameterizedTest
  @MethodSource("acceptedChecks")
  void setsTheCheckCommandAsPicocliDoes(String line) {
    String[] args = line.split(" ");
    FastLane.Parsed<CheckCommand> fast = FastLane.parseCheck(args);
    assertThat(fast).as("read by the fast lane").isNotNull();
    assertThat(settingsOf(fast.command)).isEqualTo(settingsOf((CheckCommand) parsedByPicocli(args)));
    assertThat(fast.verbosity).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"list", "list --json", "list --plugin-dir /opt/a --allow-untrusted-plugins --json"})
  void setsTheListCommandAsPicocliDoes(String line) {
    String[] args = line.split(" ");
    FastLane.Parsed<ListCommand> fast = FastLane.parseList(args);
    assertThat(fast).as("read by the fast lane").isNotNull();
    ListCommand byPicocli = (ListCommand) parsedByPicocli(args);
    assertThat(List.of(fast.command.json, fast.command.plugins.dirs, fast.command.plugins.allowUntrusted))
        .isEqualTo(List.of(byPicocli.json, byPicocli.plugins.dirs, byPicocli.plugins.allowUntrusted));
  }

  @Test
  void countsVerbosityAsPicocliDoes() {
    assertThat(FastLane.parseCheck("check -vv --checker none /dev/sda".split(" ")).verbosity).isEqualTo(2);
    assertThat(FastLane.parseCheck("check -v --checker none -v /dev/sda".split(" ")).verbosity).isEqualTo(2);
    assertThat(FastLane.parseList("list -vvv".split(" ")).verbosity).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "check /dev/sda",
        "check --checker none",
        "check --checker none --checker tur /dev/sda",
        "check --checker",
        "check --checker --json /dev/sda",
        "check --checker none --timeout 0 /dev/sda",
        "check --checker none --timeout soon /dev/sda",
        "check --checker none --timeout 1 --timeout 2 /dev/sda",
        "check --checker none --sync --async /dev/sda",
        "check --checker none --json --json /dev/sda",
        "check --checker none --json=true /dev/sda",
        "check --checker none --class-option bare /dev/sda",
        "check --checker none --no-such-option /dev/sda",
        "check --checker none -x /dev/sda",
        "check --checker none -vx /dev/sda",
        "check --checker none -h",
        "check --checker none -V /dev/sda",
        "check --checker none @args",
        "check --checker none - /dev/sda",
        "list extra",
        "list --json --json",
        "list --plugin-dir",
        "-v check --checker none /dev/sda",
        "watch --checker none /dev/sda",
        "help help",
        "help nosuch",
        "--help --version",
        "frobnicate",
        ""
      })
  void declinesEverythingElseAndPrintsNothing(String line) {
    String[] args = line.isEmpty() ? new String[0] : line.split(" ");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertThat(FastLane.run(args, new PrintWriter(out), new PrintWriter(err))).isEqualTo(FastLane.DECLINED);
    assertThat(out.toString() + err).isEmpty();
  }

  /**
   * Every option picocli knows for {@code check} and {@code list} is one the fast lane reads: one it did not read
   * would be declined only when given, and left unset, its default with it, when not.
   */
  @ParameterizedTest
  @ValueSource(strings = {"check", "list"})
  void readsEveryOptionPicocliKnows(String command) {
    CommandLine.Model.CommandSpec spec =
        PathcheckCommand.commandLine(new String[] {command}).getSubcommands().get(command).getCommandSpec();
    for (CommandLine.Model.OptionSpec option : spec.options()) {
      if (option.usageHelp() || option.versionHelp()) {
        continue;
      }
      List<String> args = new ArrayList<>(List.of(command, option.longestName()));
      if (option.arity().min() > 0) {
        args.add(Map.class.isAssignableFrom(option.type()) ? "key=value" : "1");
      }
      if (command.equals("check")) {
        if (!option.longestName().equals("--checker")) {
          args.addAll(List.of("--checker", "none"));
        }
        args.add("/dev/sda");
      }
      String[] line = args.toArray(new String[0]);
      Object parsed = command.equals("check") ? FastLane.parseCheck(line) : FastLane.parseList(line);
      assertThat(parsed).as("read by the fast lane: %s", args).isNotNull();
    }
  }

  @Test
  void theBuildRenderedEveryUsageText() {
    List<String> names = new ArrayList<>(PathcheckCommand.SUBCOMMANDS.keySet());
    names.remove("help");
    names.add("pathcheck");
    for (String name : names) {
      assertThat(UsageTexts.of(name)).as(name).isEqualTo(UsageTexts.render(name));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--help", "-h", "help", "help check", "help list", "help watch", "help demo", "check --help", "list -h",
        "watch --help", "demo -h", "--version", "-V"
      })
  void printsTheUsageAndVersionPicocliPrints(String line) {
    assertSameAsPicocli(line.split(" "));
  }

  @Test
  void runsCheckAndListAsPicocliDoes(@TempDir(factory = TargetTempDirFactory.class) Path dir) throws IOException {
    Path disk = Files.write(dir.resolve("disk"), new byte[4096]);
    Path missing = dir.resolve("missing");
    assertSameAsPicocli("check", "--checker", "none", "--property", "state=ghost", disk.toString());
    assertSameAsPicocli("check", "--json", "--checker", "none", disk.toString(), missing.toString());
    assertSameAsPicocli("check", "--checker", "nosuch", disk.toString());
    assertSameAsPicocli("list");
    assertSameAsPicocli("list", "--json", "--plugin-dir", dir.toString());
  }

  private static void assertSameAsPicocli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = FastLane.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(exitCode).as("read by the fast lane: %s", Arrays.toString(args)).isNotEqualTo(FastLane.DECLINED);
    CliRun picocli = CliRun.of(args);
    assertThat(List.of(exitCode, out.toString(), err.toString()))
        .as(Arrays.toString(args))
        .isEqualTo(List.of(picocli.exitCode, picocli.out, picocli.err));
  }

  private static Object parsedByPicocli(String[] args) {
    CommandLine.ParseResult parsed = PathcheckCommand.commandLine(args).parseArgs(args);
    return parsed.subcommand().commandSpec().userObject();
  }

  private static List<Object> settingsOf(CheckCommand check) {
    return List.of(
        String.valueOf(check.checkerName),
        check.checkerOptions.timeout,
        check.checkerOptions.properties,
        check.checkerOptions.classOptions,
        check.mode.mode(),
        check.json,
        check.plugins.dirs,
        check.plugins.allowUntrusted,
        check.paths);
  }
}
