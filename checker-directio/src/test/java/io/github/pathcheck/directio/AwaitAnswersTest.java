package io.github.pathcheck.directio;

import static io.github.pathcheck.directio.SeamHarness.ASYNC;
import static io.github.pathcheck.directio.SeamHarness.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pathcheck.api.PathState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The host's shared wait, {@link DirectioCheckerClass#awaitAnswers}: it reaps for every checker until no live
 * checker's read is in flight, asking the kernel for as many completions as it waits for, and leaves the
 * answers for {@code pending()} to collect without a system call.
 */
class AwaitAnswersTest {
  private static final Duration WAIT = Duration.ofMillis(5);

  @AfterEach
  void unloadHarnesses() {
    SeamHarness.unloadAll();
  }

  private final SeamHarness h = new SeamHarness();

  @Test
  void waitsForEveryReadInFlightInOneCallAndPendingAnswersWithoutReaping() throws Exception {
    List<DirectioChecker> checkers = List.of(h.init(ASYNC), h.init(ASYNC), h.init(ASYNC));
    for (DirectioChecker checker : checkers) {
      assertThat(checker.check().state()).isEqualTo(PathState.PENDING);
    }
    FakeAioContext context = h.context(checkers.get(0));
    context.queueBatch(ok(checkers.get(2)), ok(checkers.get(0)), ok(checkers.get(1)));

    assertThat(h.directio.awaitAnswers(WAIT)).isTrue();

    assertThat(context.getEventsMinimums()).as("min_nr: the three reads in flight").containsExactly(3);
    assertThat(context.getEventsTimeouts()).containsExactly(WAIT.toNanos());
    for (DirectioChecker checker : checkers) {
      assertThat(checker.pending().state()).isEqualTo(PathState.UP);
    }
    assertThat(context.getEventsCalls()).as("pending() found the answers reaped").isEqualTo(1);
  }

  @Test
  void returnsWhenTheTimeIsUpLeavingReadsInFlight() throws Exception {
    DirectioChecker checker = h.init(ASYNC);
    assertThat(checker.check().state()).isEqualTo(PathState.PENDING);
    FakeAioContext context = h.context(checker);

    assertThat(h.directio.awaitAnswers(WAIT)).isTrue();

    assertThat(context.getEventsTimeouts()).as("one call, for the whole wait").containsExactly(WAIT.toNanos());
    assertThat(h.group(checker).inFlight()).isEqualTo(1);
    context.queueBatch(ok(checker));
    assertThat(checker.pending().state()).isEqualTo(PathState.UP);
  }

  @Test
  void keepsWaitingWithTheRemainingTimeUntilTheLastReadIsIn() throws Exception {
    DirectioChecker c0 = h.init(ASYNC);
    DirectioChecker c1 = h.init(ASYNC);
    c0.check();
    c1.check();
    FakeAioContext context = h.context(c0);
    context.queueBatch(ok(c1));
    context.queueBatch(ok(c0));

    assertThat(h.directio.awaitAnswers(WAIT)).isTrue();

    assertThat(context.getEventsMinimums()).as("two reads, then the one left").containsExactly(2, 1);
    assertThat(context.getEventsTimeouts()).containsExactly(WAIT.toNanos(), WAIT.toNanos());
    assertThat(c0.pending().state()).isEqualTo(PathState.UP);
    assertThat(c1.pending().state()).isEqualTo(PathState.UP);
  }

  @Test
  void doesNotWaitForOrphansButReapsThem() throws Exception {
    DirectioChecker orphaned = h.init(ASYNC);
    DirectioChecker live = h.init(ASYNC);
    orphaned.check();
    orphaned.free();
    live.check();
    FakeAioContext context = h.context(live);
    context.queueBatch(ok(live));

    assertThat(h.directio.awaitAnswers(WAIT)).isTrue();

    assertThat(context.getEventsMinimums()).as("only the live checker's read").containsExactly(1);
    assertThat(live.pending().state()).isEqualTo(PathState.UP);
    h.assertHolders(live, 2, 1);

    live.check();
    context.queueBatch(ok(orphaned), ok(live));
    assertThat(h.directio.awaitAnswers(WAIT)).isTrue();
    h.assertHolders(live, 1, 0);
    assertThat(h.directio.snapshot().orphansReaped()).isEqualTo(1);
  }

  @Test
  void asksForOneBatchAtMostAndWaitsForEveryGroup() throws Exception {
    SeamHarness small = new SeamHarness(200, SeamHarness.WAIT_FOR_EVERY_DESTROY);
    List<DirectioChecker> checkers = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      checkers.add(small.init(ASYNC));
      checkers.get(i).check();
    }
    FakeAioContext first = small.context(checkers.get(0));
    FakeAioContext second = small.context(checkers.get(299));
    first.queueBatch(checkers.subList(0, 200).stream().map(SeamHarness::ok).toArray(FakeAioContext.Completion[]::new));
    second.queueBatch(
        checkers.subList(200, 300).stream().map(SeamHarness::ok).toArray(FakeAioContext.Completion[]::new));

    assertThat(small.directio.awaitAnswers(WAIT)).isTrue();

    assertThat(first.getEventsMinimums())
        .as("a full batch of 128, then, without waiting, what else is there")
        .containsExactly(128, 1);
    assertThat(first.getEventsTimeouts()).containsExactly(WAIT.toNanos(), 0L);
    assertThat(second.getEventsMinimums()).containsExactly(100);
    for (DirectioChecker checker : checkers) {
      assertThat(checker.pending().state()).isEqualTo(PathState.UP);
    }
  }

  @Test
  void doesNothingWithNothingInFlightOrNoTimeOrAfterUnload() throws Exception {
    DirectioChecker checker = h.init(ASYNC);
    FakeAioContext context = h.context(checker);
    assertThat(h.directio.awaitAnswers(WAIT)).as("nothing in flight").isTrue();
    checker.check();
    assertThat(h.directio.awaitAnswers(Duration.ZERO)).as("no time").isTrue();
    assertThat(context.getEventsCalls()).isZero();

    context.queueBatch(ok(checker));
    h.directio.unload().released().toCompletableFuture().join();
    int calls = context.getEventsCalls();
    assertThat(h.directio.awaitAnswers(WAIT)).as("after unload").isTrue();
    assertThat(context.getEventsCalls()).isEqualTo(calls);
  }

  @Test
  void anInterruptedThreadGetsInterruptedException() {
    DirectioChecker checker = h.init(ASYNC);
    checker.check();
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> h.directio.awaitAnswers(WAIT)).isInstanceOf(InterruptedException.class);
    } finally {
      Thread.interrupted();
    }
    assertThat(h.context(checker).getEventsCalls()).isZero();
  }
}
