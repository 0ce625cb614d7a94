package io.github.pathcheck.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchCommandTest {

  @Test
  void lifecycleReportsDirectioGroupsAndCounters() {
    CliRun run = CliRun.of("bench", "lifecycle", "--paths", "10", "--group-size", "4", "--json");
    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out)
        .startsWith("{\"paths\": 10, \"groupSize\": 4, \"groups\": 3, \"initMillis\": ")
        .contains("\"ioSetupCalls\": 3, \"ioDestroyCalls\": 3, \"ioDestroyCallsDuringFree\": 0, ")
        .contains("\"aioNrBefore\": ", "\"aioNrPeak\": ", "\"aioNrAfter\": ");
  }

  @Test
  void lifecycleNeedsAPositivePathCount() {
    CliRun run = CliRun.of("bench", "lifecycle", "--paths", "0");
    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err).contains("--paths must be positive");
  }

  @Test
  void aioDestroyTimesOneSerialAndParallel() {
    CliRun run = CliRun.of("bench", "aio-destroy", "--contexts", "2", "--nr-events", "8", "--rounds", "1",
        "--json");
    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out).startsWith("{\"contexts\": 2, \"rounds\": 1, \"oneMillis\": ")
        .contains("\"serialMillis\": ", "\"parallelMillis\": ");
  }
}
