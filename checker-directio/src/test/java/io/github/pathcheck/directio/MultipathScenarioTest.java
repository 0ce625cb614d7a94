package io.github.pathcheck.directio;

import static io.github.pathcheck.directio.SeamHarness.ASYNC;
import static io.github.pathcheck.directio.SeamHarness.SYNC;
import static io.github.pathcheck.directio.SeamHarness.ok;
import static io.github.pathcheck.directio.SeamHarness.running;
import static io.github.pathcheck.directio.SeamHarness.shortRead;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.PathState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scenarios of multipath-tools' own directio test suite ({@code tests/directio.c}), written afresh against
 * the seam: each asserts the states, the group bookkeeping and the kernel calls the checker makes.
 */
class MultipathScenarioTest {
  private final SeamHarness h = new SeamHarness();

  @AfterEach
  void unloadHarnesses() {
    SeamHarness.unloadAll();
  }

  @Test
  void resetWithNoGroupsDestroysNothing() {
    h.resetExpecting(0);
    assertThat(h.kernel.setupCalls()).isZero();
  }

  @Test
  void initResetInit() {
    for (int round = 1; round <= 2; round++) {
      DirectioChecker checker = h.init(SYNC);
      assertThat(h.kernel.setupCalls()).isEqualTo(round);
      h.assertHolders(checker, 1, 0);
      assertThat(checker.needWait()).isFalse();
      checker.free();
      h.assertHolders(checker, 0, 0);
      h.resetExpecting(1);
    }
  }

  @Test
  void inits4096InFourGroupsCountingHolders() {
    int[] sizes = {512, 1024, 4096};
    List<DirectioChecker> checkers = new ArrayList<>();
    for (int i = 0; i < 4096; i++) {
      DirectioChecker checker = h.init(sizes[i % 3], SYNC);
      checkers.add(checker);
      assertThat(checker.blockSize()).isEqualTo(sizes[i % 3]);
      assertThat(checker.group()).isSameAs(checkers.get(i - i % 1024).group());
      h.assertHolders(checker, i % 1024 + 1, 0);
    }
    assertThat(h.kernel.setupCalls()).isEqualTo(4);
    for (int i = 0; i < 4096; i++) {
      DirectioChecker checker = checkers.get(i);
      checker.free();
      h.assertHolders(checker, 1023 - i % 1024, 0);
    }
    assertThat(h.kernel.destroyCalls()).isZero();
    h.resetExpecting(4);
  }

  @Test
  void mixedInitAndFreeFillsGroupsBeforeCreatingOne() {
    List<DirectioChecker> live = new ArrayList<>();
    int step = 0;
    while (live.size() < 4096) {
      step++;
      if ((step % 5 == 0 || step % 7 == 0) && !live.isEmpty()) {
        live.remove(live.size() - 1).free();
      } else {
        live.add(h.init(SYNC));
      }
    }
    assertThat(h.kernel.setupCalls()).isEqualTo(4);
    assertThat(h.directio.snapshot().groups())
        .hasSize(4)
        .allSatisfy(group -> assertThat(group.holders()).isEqualTo(1024));
    while (!live.isEmpty()) {
      step++;
      if ((step % 5 == 0 || step % 7 == 0) && live.size() < 4096) {
        live.add(h.init(SYNC));
      } else {
        live.remove(live.size() - 1).free();
      }
    }
    assertThat(h.kernel.setupCalls()).isEqualTo(4);
    assertThat(h.kernel.destroyCalls()).isZero();
    assertThat(h.directio.snapshot().groups())
        .allSatisfy(group -> assertThat(group.holders()).isZero());
    h.resetExpecting(4);
  }

  @Test
  void syncCheckUp() {
    DirectioChecker checker = h.init(SYNC);
    h.context(checker).queueBatch(ok(checker));
    CheckResult up = checker.check();
    assertThat(up.state()).isEqualTo(PathState.UP);
    assertThat(up.message()).isEqualTo(" reports path is up");
    assertThat(checker.needWait()).isFalse();
    assertThat(running(checker)).isFalse();
    assertThat(h.context(checker).submits()).isEqualTo(1);
    assertThat(h.context(checker).getEventsCalls()).isEqualTo(1);
    assertThat(h.context(checker).getEventsTimeouts()).containsExactly(Duration.ofSeconds(30).toNanos());
  }

  @Test
  void syncTimeoutIsDownAndFreeOrphansTheRead() {
    DirectioChecker checker = h.init(SYNC);
    assertThat(checker.check().state()).isEqualTo(PathState.DOWN);
    assertThat(h.context(checker).cancels()).isEqualTo(1);
    assertThat(running(checker)).isTrue();
    h.assertHolders(checker, 1, 0);
    checker.free();
    h.assertHolders(checker, 1, 1);
    h.resetExpecting(1);
  }

  @Test
  void asyncTimeout() {
    DirectioChecker checker = h.init(SeamHarness.async(Duration.ofSeconds(3)));
    FakeAioContext context = h.context(checker);
    CheckResult started = checker.check();
    assertThat(started.state()).isEqualTo(PathState.PENDING);
    assertThat(started.message()).isEqualTo(" is waiting on aio");
    assertThat(checker.needWait()).isTrue();
    assertThat(checker.pending().state()).isEqualTo(PathState.PENDING);
    assertThat(checker.needWait()).isFalse();
    CheckResult last = null;
    for (int second = 1; second <= 3; second++) {
      h.clock.advance(Duration.ofSeconds(1));
      assertThat(checker.check().state()).isEqualTo(PathState.PENDING);
      assertThat(context.submits()).isEqualTo(1);
      last = checker.pending();
      assertThat(last.state()).isEqualTo(second < 3 ? PathState.PENDING : PathState.DOWN);
      assertThat(checker.needWait()).isFalse();
    }
    assertThat(last.message()).isEqualTo(" reports path is down");
    assertThat(running(checker)).isTrue();
    h.assertHolders(checker, 1, 0);
  }

  @Test
  void freeWithPendingRequests() {
    DirectioChecker c0 = h.init(ASYNC);
    DirectioChecker c1 = h.init(ASYNC);
    assertThat(c0.check().state()).isEqualTo(PathState.PENDING);
    assertThat(c1.check().state()).isEqualTo(PathState.PENDING);
    assertThat(c0.needWait()).isTrue();
    assertThat(c1.needWait()).isTrue();
    assertThat(c0.pending().state()).isEqualTo(PathState.PENDING);
    assertThat(c0.needWait()).isFalse();
    assertThat(c1.needWait()).isTrue();
    h.context(c0).queueBatch(ok(c0));
    assertThat(c1.pending().state()).isEqualTo(PathState.PENDING);
    assertThat(c0.needWait()).isFalse();
    assertThat(c1.needWait()).isFalse();
    assertThat(running(c0)).isTrue();
    assertThat(running(c1)).isTrue();
    h.assertHolders(c0, 2, 0);
    c0.free();
    h.assertHolders(c1, 1, 0);
    c1.free();
    h.assertHolders(c1, 1, 1);
    h.resetExpecting(1);
  }

  @Test
  void syncTimeoutWhoseCancelFailsIsCleanedUpByAnotherChecker() {
    DirectioChecker c0 = h.init(SYNC);
    DirectioChecker c1 = h.init(SYNC);
    FakeAioContext context = h.context(c0);
    assertThat(c0.check().state()).isEqualTo(PathState.DOWN);
    assertThat(running(c0)).isTrue();
    h.assertHolders(c0, 2, 0);
    assertThat(c0.check().state()).isEqualTo(PathState.DOWN);
    assertThat(context.submits()).isEqualTo(1);
    context.queueBatch(ok(c0));
    context.queueBatch(ok(c1));
    assertThat(c1.check().state()).isEqualTo(PathState.UP);
    assertThat(context.submits()).isEqualTo(2);
    int submits = context.submits();
    int getEvents = context.getEventsCalls();
    assertThat(c0.check().state()).isEqualTo(PathState.UP);
    assertThat(context.submits()).isEqualTo(submits);
    assertThat(context.getEventsCalls()).isEqualTo(getEvents);
    assertThat(running(c0)).isFalse();
    assertThat(running(c1)).isFalse();
  }

  @Test
  void asyncTimeoutWhoseCancelFailsReportsTheLateCompletion() {
    DirectioChecker c0 = h.init(SeamHarness.async(Duration.ofSeconds(2)));
    DirectioChecker c1 = h.init(SeamHarness.async(Duration.ofSeconds(2)));
    FakeAioContext context = h.context(c0);
    assertThat(c0.check().state()).isEqualTo(PathState.PENDING);
    assertThat(c1.check().state()).isEqualTo(PathState.PENDING);
    assertThat(c0.needWait()).isTrue();
    assertThat(c1.needWait()).isTrue();
    assertThat(c0.pending().state()).isEqualTo(PathState.PENDING);
    assertThat(c1.pending().state()).isEqualTo(PathState.PENDING);

    h.clock.advance(Duration.ofSeconds(1));
    assertThat(c0.pending().state()).isEqualTo(PathState.PENDING);
    assertThat(c1.pending().state()).isEqualTo(PathState.PENDING);

    h.clock.advance(Duration.ofSeconds(1));
    assertThat(c0.pending().state()).isEqualTo(PathState.DOWN);
    context.queueBatch(ok(c1));
    assertThat(c1.pending().state()).isEqualTo(PathState.UP);

    h.clock.advance(Duration.ofSeconds(1));
    assertThat(c0.check().state()).isEqualTo(PathState.PENDING);
    assertThat(context.submits()).isEqualTo(2);
    assertThat(c0.pending().state()).isEqualTo(PathState.DOWN);
    assertThat(running(c0)).isTrue();

    h.clock.advance(Duration.ofSeconds(1));
    assertThat(c1.check().state()).isEqualTo(PathState.PENDING);
    assertThat(context.submits()).isEqualTo(3);
    assertThat(c0.check().state()).isEqualTo(PathState.PENDING);
    assertThat(context.submits()).isEqualTo(3);
    context.queueBatch(ok(c1), ok(c0));
    assertThat(c1.pending().state()).isEqualTo(PathState.UP);
    int getEvents = context.getEventsCalls();
    assertThat(c0.pending().state()).isEqualTo(PathState.UP);
    assertThat(context.getEventsCalls()).isEqualTo(getEvents);
    assertThat(running(c0)).isFalse();
    assertThat(running(c1)).isFalse();
  }

  @Test
  void orphanIsReapedByAnotherChecker() {
    DirectioChecker c0 = h.init(ASYNC);
    DirectioChecker c1 = h.init(ASYNC);
    assertThat(c0.check().state()).isEqualTo(PathState.PENDING);
    assertThat(c0.pending().state()).isEqualTo(PathState.PENDING);
    c0.free();
    h.assertHolders(c1, 2, 1);
    assertThat(c1.check().state()).isEqualTo(PathState.PENDING);
    assertThat(c1.needWait()).isTrue();
    h.context(c1).queueBatch(ok(c0), ok(c1));
    assertThat(c1.pending().state()).isEqualTo(PathState.UP);
    h.assertHolders(c1, 1, 0);
    assertThat(h.directio.snapshot().orphansReaped()).isEqualTo(1);
    c1.free();
    h.assertHolders(c1, 0, 0);
  }

  @Test
  void orphansAreFreedByReset() {
    DirectioChecker checker = h.init(ASYNC);
    assertThat(checker.check().state()).isEqualTo(PathState.PENDING);
    assertThat(checker.pending().state()).isEqualTo(PathState.PENDING);
    checker.free();
    h.assertHolders(checker, 1, 1);
    h.resetExpecting(1);
  }

  @Test
  void checkersWithDifferentBlockSizes() {
    DirectioChecker c4096 = h.init(4096, SYNC);
    DirectioChecker c1024 = h.init(1024, SYNC);
    DirectioChecker c512 = h.init(512, SYNC);
    FakeAioContext context = h.context(c4096);
    context.queueBatch(ok(c4096));
    assertThat(c4096.check().state()).isEqualTo(PathState.UP);
    context.queueBatch(shortRead(c1024));
    assertThat(c1024.check().state()).isEqualTo(PathState.DOWN);
    context.queueBatch(ok(c512));
    assertThat(c512.check().state()).isEqualTo(PathState.UP);
    assertThat(running(c4096) || running(c1024) || running(c512)).isFalse();
  }

  @Test
  void asyncPendingResolvedByAnotherCheckersReapingOfMoreThan128Events() {
    List<DirectioChecker> checkers = new ArrayList<>();
    for (int i = 0; i < 257; i++) {
      checkers.add(h.init(ASYNC));
    }
    FakeAioContext context = h.context(checkers.get(0));
    for (int i = 0; i < 256; i++) {
      assertThat(checkers.get(i).check().state()).isEqualTo(PathState.PENDING);
      assertThat(checkers.get(i).pending().state()).isEqualTo(PathState.PENDING);
    }
    DirectioChecker last = checkers.get(256);
    assertThat(last.check().state()).isEqualTo(PathState.PENDING);
    assertThat(last.needWait()).isTrue();
    FakeAioContext.Completion[] all = new FakeAioContext.Completion[257];
    all[0] = ok(last);
    for (int i = 0; i < 256; i++) {
      all[i + 1] = ok(checkers.get(i));
    }
    context.queueBatch(all);
    int getEvents = context.getEventsCalls();
    assertThat(last.pending().state()).isEqualTo(PathState.UP);
    assertThat(context.getEventsCalls() - getEvents).as("batches of 128, 128 and 1").isEqualTo(3);
    assertThat(context.isScriptEmpty()).isTrue();
    int submits = context.submits();
    getEvents = context.getEventsCalls();
    for (int i = 0; i < 256; i++) {
      assertThat(checkers.get(i).check().state()).isEqualTo(PathState.UP);
    }
    assertThat(context.submits()).isEqualTo(submits);
    assertThat(context.getEventsCalls()).isEqualTo(getEvents);
  }

  @Test
  void groupFullOfOrphansIsDestroyedByTheFreeThatMakesItSo() {
    List<DirectioChecker> checkers = new ArrayList<>();
    for (int i = 0; i < 1024; i++) {
      DirectioChecker checker = h.init(ASYNC);
      assertThat(checker.check().state()).isEqualTo(PathState.PENDING);
      assertThat(checker.pending().state()).isEqualTo(PathState.PENDING);
      checkers.add(checker);
    }
    h.assertHolders(checkers.get(0), 1024, 0);
    for (int i = 0; i < 1023; i++) {
      checkers.get(i).free();
      assertThat(h.kernel.destroyCalls()).isZero();
    }
    h.assertHolders(checkers.get(0), 1024, 1023);
    checkers.get(1023).free();
    assertThat(h.kernel.destroyCalls()).isEqualTo(1);
    assertThat(h.kernel.unreleasedContexts()).isZero();
    DirectioSnapshot snapshot = h.directio.snapshot();
    assertThat(snapshot.ioDestroyCallsDuringFree()).isEqualTo(1);
    assertThat(snapshot.ioDestroyCalls()).isEqualTo(1);
    h.resetExpecting(0);
  }
}
