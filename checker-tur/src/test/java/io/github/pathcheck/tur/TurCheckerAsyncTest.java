package io.github.pathcheck.tur;

import static io.github.pathcheck.tur.Sg.checkCondition;
import static io.github.pathcheck.tur.Sg.fixed;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerMessages;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TurCheckerAsyncTest extends TurSeamTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final CheckerOptions ASYNC =
      CheckerOptions.defaults().withTimeout(TIMEOUT).withMode(CheckMode.ASYNC);

  private final FakeDevice device = new FakeDevice("/dev/sdq");

  /** Waits until every worker started so far has ended, so their answers are there to collect. */
  private void awaitWorkers() throws InterruptedException {
    WorkerThreads.join(turClass.workerThreads());
  }

  @Test
  void checkIsPendingThenPendingCollectsTheAnswer() throws Exception {
    FakeTransport.Gate gate = block(device, checkCondition(fixed(0x2, 0x04, 0x0b)));
    Checker checker = turClass.init(device, ASYNC);

    assertThat(checker.check()).isEqualTo(PathState.PENDING);
    assertThat(checker.message()).isEqualTo(" still running");
    assertThat(checker.needWait()).isTrue();
    Thread worker = gate.awaitEntered();
    assertThat(worker.getName()).isEqualTo("pathcheck-tur /dev/sdq");
    assertThat(worker.isDaemon()).isTrue();

    assertThat(checker.pending()).isEqualTo(PathState.PENDING);
    assertThat(checker.needWait()).as("looked at").isFalse();

    gate.release();
    worker.join();

    assertThat(checker.pending()).isEqualTo(PathState.GHOST);
    assertThat(checker.message()).isEqualTo(CheckerMessages.PATH_GHOST);
    assertThat(checker.needWait()).isFalse();
    assertThat(checker.pending()).as("the last answer, again").isEqualTo(PathState.GHOST);
    assertThat(transport.calls(device)).isEqualTo(1);
    assertThat(transport.timeouts()).containsExactly(TIMEOUT);
  }

  @Test
  void checkInFlightIsCollectedNotStartedAgain() throws Exception {
    FakeTransport.Gate gate = block(device, Sg.good());
    Checker checker = turClass.init(device, ASYNC);

    assertThat(checker.check()).isEqualTo(PathState.PENDING);
    assertThat(checker.check()).isEqualTo(PathState.PENDING);
    assertThat(checker.needWait()).isFalse();
    gate.release();
    awaitWorkers();

    assertThat(checker.check()).isEqualTo(PathState.UP);
    assertThat(checker.message()).isEqualTo(" reports path is up");
    assertThat(transport.calls(device)).isEqualTo(1);

    assertThat(checker.check()).as("a new check").isEqualTo(PathState.PENDING);
    awaitWorkers();
    assertThat(checker.pending()).isEqualTo(PathState.UP);
    assertThat(transport.calls(device)).isEqualTo(2);
  }

  @Test
  void needWaitIsFalseOnceTheAnswerIsIn() throws Exception {
    Checker checker = turClass.init(device, ASYNC);

    assertThat(checker.needWait()).as("nothing started").isFalse();
    checker.check();
    awaitWorkers();

    assertThat(checker.needWait()).isFalse();
    assertThat(checker.pending()).isEqualTo(PathState.UP);
  }

  @Test
  void transitioningIsAFinalAnswerNotACheckInFlight() throws Exception {
    transport.answer(device, checkCondition(fixed(0x2, 0x04, 0x0a)));
    Checker checker = turClass.init(device, ASYNC);

    checker.check();
    awaitWorkers();

    assertThat(checker.pending()).isEqualTo(PathState.PENDING);
    assertThat(checker.message()).isEqualTo(" reports path is transitioning");
    assertThat(checker.needWait()).isFalse();
    assertThat(checker.check()).as("starts a new check").isEqualTo(PathState.PENDING);
    assertThat(checker.message()).isEqualTo(" still running");
    awaitWorkers();
    assertThat(transport.calls(device)).isEqualTo(2);
  }

  @Test
  void retriesRunOnTheWorker() throws Exception {
    var unitAttention = checkCondition(fixed(0x6, 0x29, 0));
    transport.answer(device, unitAttention, unitAttention, Sg.good());
    Checker checker = turClass.init(device, ASYNC);

    checker.check();
    awaitWorkers();

    assertThat(checker.pending()).isEqualTo(PathState.UP);
    assertThat(transport.callers()).hasSize(3).doesNotContain(Thread.currentThread());
  }

  @Test
  void checkAfterTheTimeoutAnswersTimeoutAndAbandonsTheWorker() throws Exception {
    FakeTransport.Gate gate = block(device, Sg.good());
    Checker checker = turClass.init(device, ASYNC);
    checker.check();
    Thread worker = gate.awaitEntered();

    clock.advance(TIMEOUT);
    assertThat(checker.check()).as("exactly at the timeout").isEqualTo(PathState.PENDING);
    clock.advance(Duration.ofNanos(1));
    assertThat(checker.check()).isEqualTo(PathState.TIMEOUT);
    assertThat(checker.message()).isEqualTo(" timed out");
    assertThat(checker.needWait()).isFalse();
    assertThat(worker.isAlive()).as("a blocked worker cannot be cancelled").isTrue();

    gate.release();
    worker.join();
    assertThat(checker.pending()).as("the abandoned worker's answer is dropped").isEqualTo(PathState.TIMEOUT);
  }

  @Test
  void pendingAfterTheTimeoutAnswersTimeoutToo() throws Exception {
    FakeTransport.Gate gate = block(device, Sg.good());
    Checker checker = turClass.init(device, ASYNC);
    checker.check();
    gate.awaitEntered();

    clock.advance(TIMEOUT.plusMillis(1));

    assertThat(checker.pending()).isEqualTo(PathState.TIMEOUT);
    assertThat(checker.message()).isEqualTo(" timed out");
    assertThat(checker.pending()).as("no check in flight: the last answer").isEqualTo(PathState.TIMEOUT);
  }

  @Test
  void answerInBeforeTheLookWinsOverTheTimeout() throws Exception {
    Checker checker = turClass.init(device, ASYNC);
    checker.check();
    awaitWorkers();

    clock.advance(TIMEOUT.multipliedBy(2));

    assertThat(checker.check()).isEqualTo(PathState.UP);
  }

  @Test
  void deviceWithoutDescriptorIsWildWithoutAsking() {
    FakeDevice closed = new FakeDevice("/dev/sdz", -1);
    Checker checker = turClass.init(closed, ASYNC);

    assertThat(checker.check()).isEqualTo(PathState.WILD);
    assertThat(checker.message()).isEqualTo(" has no usable fd");
    assertThat(checker.needWait()).isFalse();
    assertThat(transport.calls(closed)).isZero();
  }

  @Test
  void beforeTheFirstCheckTheStateIsUnchecked() {
    Checker checker = turClass.init(device, ASYNC);

    assertThat(checker.pending()).isEqualTo(PathState.UNCHECKED);
    assertThat(checker.message()).isEqualTo(CheckerMessages.NONE);
    assertThat(checker.needWait()).isFalse();
  }

  @Test
  void failingTransportIsUncheckedAndTheWorkerEnds() throws Exception {
    transport.fail(device, new IllegalStateException("simulated transport bug"));
    Checker checker = turClass.init(device, ASYNC);

    checker.check();
    awaitWorkers();

    assertThat(checker.pending()).isEqualTo(PathState.UNCHECKED);
    assertThat(checker.message()).isEqualTo(" failed to initialize");
    assertThat(turClass.workerThreads()).isEmpty();
    assertThat(checker.check()).as("the next check starts a worker").isEqualTo(PathState.PENDING);
  }

  @Test
  void withoutAThreadTheCheckRunsOnTheCallersThread() {
    FakeTransport local = new FakeTransport();
    TurCheckerClass noThreads = new TurCheckerClass(local, clock::nanoTime, runnable -> null);
    Checker checker = noThreads.init(device, ASYNC);

    assertThat(checker.check()).isEqualTo(PathState.UP);
    assertThat(checker.message()).isEqualTo(CheckerMessages.PATH_UP);
    assertThat(local.callers()).containsExactly(Thread.currentThread());
    assertThat(noThreads.unload().isComplete()).isTrue();
  }
}
