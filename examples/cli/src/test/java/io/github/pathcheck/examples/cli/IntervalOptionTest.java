package io.github.pathcheck.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class IntervalOptionTest {

  @Test
  void watchAndDemoTakeTheOneOptionEachWithItsOwnDefault() {
    assertThat(parsedWatch().interval.interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(parsedDemo().interval.interval()).isEqualTo(Duration.ofMillis(250));
    assertThat(parsedDemo("--interval", "0.5").interval.interval()).isEqualTo(Duration.ofMillis(500));

    CommandLine watch = PathcheckCommand.commandLine("watch").getSubcommands().get("watch");
    CommandLine demo = PathcheckCommand.commandLine("demo").getSubcommands().get("demo");
    assertThat(watch.getCommandSpec().findOption("--interval").userObject())
        .as("the field of one mixin class")
        .isInstanceOf(java.lang.reflect.Field.class)
        .isEqualTo(demo.getCommandSpec().findOption("--interval").userObject());
    assertThat(watch.getUsageMessage()).contains("at least 0.01 (default: 5)");
    assertThat(demo.getUsageMessage()).contains("at least 0.01 (default: 0.25)");
  }

  @Test
  void theDefaultsSetNothingButTheInterval() {
    CommandLine watch = PathcheckCommand.commandLine("watch").getSubcommands().get("watch");
    assertThat(new WatchCommand.DefaultInterval().defaultValue(watch.getCommandSpec().findOption("--checker")))
        .isNull();
  }

  private static WatchCommand parsedWatch() {
    CommandLine commandLine = PathcheckCommand.commandLine("watch");
    commandLine.parseArgs("watch", "--checker", "none", "/dev/sda");
    return commandLine.getSubcommands().get("watch").getCommand();
  }

  private static DemoCommand parsedDemo(String... options) {
    CommandLine commandLine = PathcheckCommand.commandLine("demo");
    String[] args = new String[options.length + 1];
    args[0] = "demo";
    System.arraycopy(options, 0, args, 1, options.length);
    commandLine.parseArgs(args);
    return commandLine.getSubcommands().get("demo").getCommand();
  }
}
