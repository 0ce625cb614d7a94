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
        .contains("\"aioNrBefore\": ", "\"aioNrPeak\": ", "\"aioNrAfter\": ")
        .contains("\"checkMillis\": ", "\"heapBytesPerChecker\": ", "\"rssBytesPerChecker\": ");
  }

  @Test
  void lifecycleCyclesAgainInTheSameJvmAndReportsTheWarmMedians() {
    CliRun run = CliRun.of("bench", "lifecycle", "--paths", "6", "--group-size", "4", "--cycles", "3", "--json");
    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out)
        .as("the first cycle's figures, then the later cycles' medians")
        .startsWith("{\"paths\": 6, \"groupSize\": 4, \"groups\": 2, \"initMillis\": ")
        .contains("\"ioSetupCalls\": 2, \"ioDestroyCalls\": 2, ")
        .contains("\"cycles\": 3, \"warmUnloadMillis\": ", "\"warmFreeMillis\": ");
  }

  @Test
  void checkSyncAnswersUpForEveryPathOfAScratchFile() {
    CliRun run = CliRun.of("bench", "check", "--paths", "8", "--mode", "sync", "--rounds", "2", "--warmup", "1",
        "--json");
    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out)
        .startsWith("{\"paths\": 8, \"mode\": \"sync\", \"rounds\": 2, \"microsPerCheck\": ")
        .contains("\"states\": {\"up\": 8}, \"warmupRounds\": 1, \"cpuMicrosPerCheck\": ")
        .contains("\"checker\": \"directio\", \"aioBinding\": \"");
  }

  @Test
  void checkAsyncCollectsEveryPendingAnswer() {
    CliRun run = CliRun.of("bench", "check", "--paths", "300", "--mode", "async", "--rounds", "2", "--warmup", "1",
        "--json");
    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out)
        .startsWith("{\"paths\": 300, \"mode\": \"async\", \"rounds\": 2, \"microsPerCheck\": ")
        .contains("\"states\": {\"up\": 300}", "\"waitMicros\": 1000", "\"wait\": \"await\"");
  }

  @Test
  void checkAsyncCanSleepTheSharedWaitAsMultipathdDoes() {
    CliRun run = CliRun.of("bench", "check", "--paths", "50", "--mode", "async", "--rounds", "1", "--warmup", "0",
        "--wait", "sleep", "--json");
    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out).contains("\"states\": {\"up\": 50}", "\"wait\": \"sleep\"");
  }

  @Test
  void checkRejectsAnUnknownWaitListingTheKnownOnes() {
    CliRun run = CliRun.of("bench", "check", "--paths", "1", "--mode", "async", "--wait", "spin");
    assertThat(run.exitCode).as("a usage error").isEqualTo(2);
    assertThat(run.err).contains("Invalid value for option '--wait': expected one of [await, sleep]")
        .contains("but was 'spin'");
  }

  /** A class that is not asynchronous-capable runs on the framework's pool, collected by the async round. */
  @Test
  void checkCountsTheStatesOfACheckerWithoutAsync() {
    CliRun run = CliRun.of("bench", "check", "--checker", "none", "--paths", "3", "--mode", "async",
        "--rounds", "1", "--warmup", "0", "--json");
    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out).contains("\"mode\": \"async\"", "\"states\": {\"up\": 3}", "\"waitMicros\": 1000",
        "\"wait\": \"await\"");
  }

  @Test
  void checkInSyncModeWaitsForEachAnswerOfACheckerWithoutAsync() {
    CliRun run = CliRun.of("bench", "check", "--checker", "none", "--paths", "3", "--mode", "sync",
        "--rounds", "1", "--warmup", "0", "--json");
    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out).contains("\"mode\": \"sync\"", "\"states\": {\"up\": 3}", "\"waitMicros\": 0",
        "\"wait\": \"none\"");
  }

  @Test
  void checkRejectsAnUnknownMode() {
    CliRun run = CliRun.of("bench", "check", "--paths", "1", "--mode", "later");
    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err).contains("--mode must be sync or async, got later");
  }

  @Test
  void lifecycleNeedsAPositivePathCount() {
    CliRun run = CliRun.of("bench", "lifecycle", "--paths", "0");
    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err).contains("--paths and --cycles must be positive, got 0 and 1");
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
