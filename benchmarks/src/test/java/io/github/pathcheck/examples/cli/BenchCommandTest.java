package io.github.pathcheck.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

  @Test
  void lifecycleReportsDirectioGroupsAndCounters() {
    BenchRun run = BenchRun.of("lifecycle", "--paths", "10", "--group-size", "4", "--json");
    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out)
        .startsWith("{\"paths\": 10, \"groupSize\": 4, \"groups\": 3, \"initMillis\": ")
        .contains("\"ioSetupCalls\": 3, \"ioDestroyCalls\": 3, \"ioDestroyCallsDuringFree\": 0, ")
        .contains("\"aioNrBefore\": ", "\"aioNrPeak\": ", "\"aioNrAfter\": ")
        .contains("\"checkMillis\": ", "\"heapBytesPerChecker\": ", "\"rssBytesPerChecker\": ");
  }

  @Test
  void lifecycleCyclesAgainInTheSameJvmAndReportsTheWarmMedians() {
    BenchRun run = BenchRun.of("lifecycle", "--paths", "6", "--group-size", "4", "--cycles", "3", "--json");
    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out)
        .as("the first cycle's figures, then the later cycles' medians")
        .startsWith("{\"paths\": 6, \"groupSize\": 4, \"groups\": 2, \"initMillis\": ")
        .contains("\"ioSetupCalls\": 2, \"ioDestroyCalls\": 2, ")
        .contains("\"cycles\": 3, \"warmUnloadMillis\": ", "\"warmFreeMillis\": ");
  }

  @Test
  void checkSyncAnswersUpForEveryPathOfAScratchFile() {
    BenchRun run = BenchRun.of("check", "--paths", "8", "--mode", "sync", "--rounds", "2", "--warmup", "1",
        "--json");
    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out)
        .startsWith("{\"paths\": 8, \"mode\": \"sync\", \"rounds\": 2, \"microsPerCheck\": ")
        .contains("\"states\": {\"up\": 8}, \"warmupRounds\": 1, \"cpuMicrosPerCheck\": ")
        .contains("\"checker\": \"directio\", \"aioBinding\": \"");
  }

  @Test
  void checkAsyncCollectsEveryPendingAnswer() {
    BenchRun run = BenchRun.of("check", "--paths", "300", "--mode", "async", "--rounds", "2", "--warmup", "1",
        "--json");
    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out)
        .startsWith("{\"paths\": 300, \"mode\": \"async\", \"rounds\": 2, \"microsPerCheck\": ")
        .contains("\"states\": {\"up\": 300}", "\"waitMicros\": 1000", "\"wait\": \"await\"");
  }

  @Test
  void checkAsyncCanSleepTheSharedWaitAsMultipathdDoes() {
    BenchRun run = BenchRun.of("check", "--paths", "50", "--mode", "async", "--rounds", "1", "--warmup", "0",
        "--wait", "sleep", "--json");
    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out).contains("\"states\": {\"up\": 50}", "\"wait\": \"sleep\"");
  }

  @Test
  void checkRejectsAnUnknownWaitListingTheKnownOnes() {
    BenchRun run = BenchRun.of("check", "--paths", "1", "--mode", "async", "--wait", "spin");
    assertThat(run.exitCode).as("a usage error").isEqualTo(2);
    assertThat(run.err).contains("Invalid value for option '--wait': expected one of [await, sleep]")
        .contains("but was 'spin'");
  }

  /** A class that is not asynchronous-capable runs on the framework's pool, collected by the async round. */
  @Test
  void checkCountsTheStatesOfACheckerWithoutAsync() {
    BenchRun run = BenchRun.of("check", "--checker", "none", "--paths", "3", "--mode", "async",
        "--rounds", "1", "--warmup", "0", "--json");
    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out).contains("\"mode\": \"async\"", "\"states\": {\"up\": 3}", "\"waitMicros\": 1000",
        "\"wait\": \"await\"");
  }

  @Test
  void checkInSyncModeWaitsForEachAnswerOfACheckerWithoutAsync() {
    BenchRun run = BenchRun.of("check", "--checker", "none", "--paths", "3", "--mode", "sync",
        "--rounds", "1", "--warmup", "0", "--json");
    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out).contains("\"mode\": \"sync\"", "\"states\": {\"up\": 3}", "\"waitMicros\": 0",
        "\"wait\": \"none\"");
  }

  @Test
  void checkRejectsAnUnknownMode() {
    BenchRun run = BenchRun.of("check", "--paths", "1", "--mode", "later");
    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err).contains("--mode must be sync or async, got later");
  }

  @Test
  void lifecycleNeedsAPositivePathCount() {
    BenchRun run = BenchRun.of("lifecycle", "--paths", "0");
    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err).contains("--paths and --cycles must be positive, got 0 and 1");
  }

  @Test
  void aioDestroyTimesOneSerialAndParallel() {
    BenchRun run = BenchRun.of("aio-destroy", "--contexts", "2", "--nr-events", "8", "--rounds", "1",
        "--json");
    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out).startsWith("{\"contexts\": 2, \"rounds\": 1, \"oneMillis\": ")
        .contains("\"serialMillis\": ", "\"parallelMillis\": ");
  }

  @Test
  void checkTakesAFractionalTimeoutAndThePropertiesOfThePaths() {
    BenchRun up = BenchRun.of("check", "--checker", "none", "--paths", "2", "--rounds", "1", "--warmup", "0",
        "--timeout", "0.5", "--json");
    BenchRun down = BenchRun.of("check", "--checker", "none", "--property", "state=down", "--paths", "2",
        "--rounds", "1", "--warmup", "0", "--json");

    assertThat(up.exitCode).as(up.err).isZero();
    assertThat(up.out).contains("\"states\": {\"up\": 2}");
    assertThat(down.out).as(down.err).contains("\"states\": {\"down\": 2}");
  }

  @Test
  void aBadClassOptionIsAOneLineErrorNamingIt() {
    BenchRun run =
        BenchRun.of("check", "--class-option", "groupSize=NaN", "--paths", "1", "--rounds", "1", "--warmup", "0");

    assertThat(run.exitCode).as(run.out + run.err).isEqualTo(1);
    assertThat(run.err.lines()).singleElement().asString().contains("groupSize").contains("NaN");
  }

  @Test
  void aFifoIsRefusedInOneLineBeforeItIsOpened(@TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("fifo");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor()).isZero();

    BenchRun run = BenchRun.of("check", "--checker", "none", "--paths", "1", "--device", fifo.toString());

    assertThat(run.exitCode).as(run.err).isEqualTo(1);
    assertThat(run.err.lines()).singleElement().asString().startsWith("pathcheck: ").contains(fifo.toString())
        .contains("FIFO");
  }

  @Test
  void helpNamesTheMeasurements() {
    BenchRun run = BenchRun.of("--help");

    assertThat(run.exitCode).isZero();
    assertThat(run.out).startsWith("Usage: pathcheck-bench").contains("check", "lifecycle", "aio-destroy");
  }
}
