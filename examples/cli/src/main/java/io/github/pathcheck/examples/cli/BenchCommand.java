package io.github.pathcheck.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pathcheck bench}: measurements whose figures BENCHMARKS.md quotes. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    subcommands = {BenchCheckCommand.class, BenchLifecycleCommand.class, BenchAioDestroyCommand.class},
    description = "Measures checkers; see BENCHMARKS.md for the figures and how they were taken.")
final class BenchCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
