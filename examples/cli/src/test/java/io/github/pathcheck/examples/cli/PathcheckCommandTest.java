package io.github.pathcheck.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
