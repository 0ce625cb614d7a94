package io.github.pathcheck.tur;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hung devices: a path never holds more than two threads, however often the host frees and re-inits its
 * checker (the bound is the path's, not the checker's), and a path that recovers is seen.
 */
class TurStalledWorkerTest extends TurSeamTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Duration PAST_TIMEOUT = TIMEOUT.plusSeconds(1);
  private static final CheckerOptions ASYNC =
      CheckerOptions.defaults().withTimeout(TIMEOUT).withMode(CheckMode.ASYNC);

  private final FakeDevice device = new FakeDevice("/dev/sdh");

  /** Checks once, lets the checker timeout pass, and checks again: the worker is abandoned. */
  private void checkAndTimeOut(Checker checker) {
    assertThat(checker.check()).isEqualTo(PathState.PENDING);
    clock.advance(PAST_TIMEOUT);
    assertThat(checker.check()).isEqualTo(PathState.TIMEOUT);
  }

  @Test
  void oneStalledWorkerAllowsOneMoreThenTimeoutWithoutNewThreads() throws Exception {
    FakeTransport.Gate first = block(device, Sg.good());
    FakeTransport.Gate second = block(device, Sg.good());
    Checker checker = turClass.init(device, ASYNC);

    checkAndTimeOut(checker);
    first.awaitEntered();
    checkAndTimeOut(checker); // a fresh worker while the first is stalled
    second.awaitEntered();
    assertThat(transport.calls(device)).isEqualTo(2);

    for (int i = 0; i < 10; i++) {
      assertThat(checker.check()).isEqualTo(PathState.TIMEOUT);
      assertThat(checker.message()).isEqualTo(" timed out");
      assertThat(checker.needWait()).isFalse();
      assertThat(checker.pending()).isEqualTo(PathState.TIMEOUT);
      clock.advance(PAST_TIMEOUT);
    }

    assertThat(transport.calls(device)).as("no third command").isEqualTo(2);
    assertThat(turClass.workerThreads()).hasSize(2);
    assertThat(WorkerThreads.of(device)).hasSize(2);
  }

  @Test
  void whenAStalledWorkerReturnsANewCheckStartsAndSeesTheRecoveredPath() throws Exception {
    FakeTransport.Gate first = block(device, Sg.good());
    FakeTransport.Gate second = block(device, Sg.good());
    FakeTransport.Gate third = block(device, Sg.good());
    Checker checker = turClass.init(device, ASYNC);
    checkAndTimeOut(checker);
    Thread firstWorker = first.awaitEntered();
    checkAndTimeOut(checker);
    second.awaitEntered();
    assertThat(checker.check()).isEqualTo(PathState.TIMEOUT);

    first.release();
    firstWorker.join();

    assertThat(checker.check()).as("a new worker").isEqualTo(PathState.PENDING);
    Thread thirdWorker = third.awaitEntered();
    assertThat(transport.calls(device)).isEqualTo(3);
    third.release();
    thirdWorker.join();
    assertThat(checker.pending()).as("the path recovered").isEqualTo(PathState.UP);
    assertThat(WorkerThreads.of(device)).as("only the second is still blocked").hasSize(1);
  }

  @Test
  void aPathThatAnswersAgainNeedsNoExtraWorker() throws Exception {
    FakeTransport.Gate first = block(device, Sg.good());
    Checker checker = turClass.init(device, ASYNC);
    checkAndTimeOut(checker);
    first.awaitEntered();

    // The replacement answers: the stalled worker is tolerated and checks go on, one worker at a time.
    for (int i = 0; i < 5; i++) {
      assertThat(checker.check()).isEqualTo(PathState.PENDING);
      List<Thread> workers = new ArrayList<>(turClass.workerThreads());
      workers.remove(first.awaitEntered());
      WorkerThreads.join(workers);
      assertThat(checker.pending()).isEqualTo(PathState.UP);
    }
    assertThat(WorkerThreads.of(device)).hasSize(1);
  }

  @Test
  void replacementThatStallsTooWaitsForEitherToReturn() throws Exception {
    FakeTransport.Gate first = block(device, Sg.good());
    FakeTransport.Gate second = block(device, Sg.good());
    Checker checker = turClass.init(device, ASYNC);
    checkAndTimeOut(checker);
    first.awaitEntered();
    checkAndTimeOut(checker);
    Thread secondWorker = second.awaitEntered();

    FakeTransport.Gate third = block(device, Sg.good());
    second.release();
    secondWorker.join();

    assertThat(checker.check()).isEqualTo(PathState.PENDING);
    third.awaitEntered();
    assertThat(transport.calls(device)).isEqualTo(3);
  }

  @Test
  void reinitialisingTheCheckerOfAHungPathStartsNoMoreThanTwoWorkers() throws Exception {
    for (int round = 0; round < 3; round++) {
      Checker checker = turClass.init(device, ASYNC);
      for (int i = 0; i < 2; i++) {
        FakeTransport.Gate gate = block(device, Sg.good());
        PathState state = checker.check();
        if (state == PathState.PENDING) {
          gate.awaitEntered();
          clock.advance(PAST_TIMEOUT);
          assertThat(checker.check()).isEqualTo(PathState.TIMEOUT);
        } else {
          // The path's bound is reached: no worker started, so none will enter the gate.
          assertThat(state).isEqualTo(PathState.TIMEOUT);
          assertThat(checker.message()).isEqualTo(" timed out");
        }
      }
      checker.free();
    }
    assertThat(transport.calls(device)).as("only the first checker's two commands").isEqualTo(2);
    assertThat(turClass.workerThreads()).hasSize(2);
    assertThat(WorkerThreads.of(device)).hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void aWorkerAbandonedByFreeCountsAgainstTheNextCheckerOfThePath() throws Exception {
    FakeTransport.Gate first = block(device, Sg.good());
    Checker before = turClass.init(device, ASYNC);
    assertThat(before.check()).isEqualTo(PathState.PENDING);
    first.awaitEntered();
    before.free(); // abandons the worker in flight, still blocked

    FakeTransport.Gate second = block(device, Sg.good());
    Checker after = turClass.init(device, ASYNC);
    checkAndTimeOut(after); // one stalled: one more worker
    second.awaitEntered();
    assertThat(after.check()).as("two stalled on the path").isEqualTo(PathState.TIMEOUT);
    after.free();

    Checker third = turClass.init(device, ASYNC);
    assertThat(third.check()).isEqualTo(PathState.TIMEOUT);
    assertThat(transport.calls(device)).isEqualTo(2);
    assertThat(WorkerThreads.of(device)).hasSize(2);
  }

  @Test
  void whenAFreedCheckersWorkerReturnsTheNextCheckerOfThePathStartsOne() throws Exception {
    FakeTransport.Gate first = block(device, Sg.good());
    FakeTransport.Gate second = block(device, Sg.good());
    Checker before = turClass.init(device, ASYNC);
    checkAndTimeOut(before);
    Thread firstWorker = first.awaitEntered();
    checkAndTimeOut(before);
    Thread secondWorker = second.awaitEntered();
    before.free();

    first.release();
    firstWorker.join();

    Checker after = turClass.init(device, ASYNC);
    assertThat(after.check()).as("a new worker").isEqualTo(PathState.PENDING);
    List<Thread> workers = new ArrayList<>(turClass.workerThreads());
    workers.remove(secondWorker);
    WorkerThreads.join(workers);
    assertThat(after.pending()).as("the path recovered").isEqualTo(PathState.UP);
  }

  @Test
  void hungPathsHoldAtMostTwoThreadsEach() throws Exception {
    int paths = 20;
    List<FakeDevice> devices = new ArrayList<>();
    List<FakeTransport.Gate> firstTwo = new ArrayList<>();
    List<Checker> checkers = new ArrayList<>();
    for (int i = 0; i < paths; i++) {
      FakeDevice hung = new FakeDevice("/dev/hung" + i);
      firstTwo.add(block(hung, Sg.good()));
      firstTwo.add(block(hung, Sg.good()));
      block(hung, Sg.good());
      devices.add(hung);
      checkers.add(turClass.init(hung, ASYNC));
    }

    for (int round = 0; round < 10; round++) {
      for (Checker checker : checkers) {
        checker.check();
      }
      clock.advance(PAST_TIMEOUT);
    }

    for (FakeTransport.Gate gate : firstTwo) {
      gate.awaitEntered();
    }
    assertThat(turClass.workerThreads()).hasSize(2 * paths);
    assertThat(WorkerThreads.all())
        .filteredOn(thread -> thread.getName().startsWith("pathcheck-tur /dev/hung"))
        .hasSize(2 * paths);
    for (FakeDevice hung : devices) {
      assertThat(transport.calls(hung)).isEqualTo(2);
    }
  }
}
