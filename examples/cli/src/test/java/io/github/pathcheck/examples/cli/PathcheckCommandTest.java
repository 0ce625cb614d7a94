package io.github.pathcheck.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class PathcheckCommandTest {

  @Test
  void helpNamesTheSubcommands() {
    CliRun run = CliRun.of("--help");
    assertThat(run.exitCode).isZero();
    assertThat(run.out).contains("Usage: pathcheck").contains("list").contains("-v");
  }

  @Test
  void versionNamesPathcheckAndJava() {
    CliRun run = CliRun.of("--version");
    assertThat(run.exitCode).isZero();
    assertThat(run.out).startsWith("pathcheck ").contains("Java " + Runtime.version().feature())
        .containsPattern("aio calls through (JNI|JNA)");
  }

  @Test
  void unknownSubcommandIsAUsageError() {
    CliRun run = CliRun.of("frobnicate");
    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("frobnicate");
  }

  @Test
  void buildsOnlyTheSubcommandBeingRun() {
    CommandLine commandLine = PathcheckCommand.commandLine("-v", "check", "--checker", "none", "list");
    Map<String, CommandLine> subcommands = commandLine.getSubcommands();
    assertThat(subcommands.keySet()).containsExactlyElementsOf(PathcheckCommand.SUBCOMMANDS.keySet());
    assertThat((Object) subcommands.get("check").getCommand()).isInstanceOf(CheckCommand.class);
    for (String stub : new String[] {"demo", "list", "watch"}) {
      assertThat(subcommands.get(stub).getCommandSpec().userObject()).as(stub).isNull();
      assertThat(subcommands.get(stub).getCommandSpec().options())
          .as("%s has only the options it inherits", stub)
          .allSatisfy(option -> assertThat(option.inherited()).isTrue());
    }
  }

  @Test
  void helpBuildsTheCommandItIsAskedAbout() {
    CommandLine commandLine = PathcheckCommand.commandLine("help", "watch");
    assertThat((Object) commandLine.getSubcommands().get("watch").getCommand()).isInstanceOf(WatchCommand.class);
    assertThat(commandLine.getSubcommands().get("check").getCommandSpec().userObject()).isNull();
  }

  @Test
  void theHelpOfStubsIsTheHelpOfTheCommands() {
    CommandLine full = new CommandLine(new PathcheckCommand());
    for (Map.Entry<String, Class<?>> subcommand : PathcheckCommand.SUBCOMMANDS.entrySet()) {
      assertThat(subcommand.getValue().getAnnotation(Command.class).name()).isEqualTo(subcommand.getKey());
      full.addSubcommand(subcommand.getKey(), subcommand.getValue());
    }
    assertThat(PathcheckCommand.commandLine("--help").getUsageMessage()).isEqualTo(full.getUsageMessage());
    assertThat(CliRun.of("--help").out).isEqualTo(full.getUsageMessage());
  }
}
