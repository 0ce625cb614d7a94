package io.github.pathcheck.directio;

import static io.github.pathcheck.directio.SeamHarness.ASYNC;
import static io.github.pathcheck.directio.SeamHarness.SYNC;
import static io.github.pathcheck.directio.SeamHarness.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.api.UnloadResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Several threads on one group, sequenced with latches: one reaper at a time, completions recorded for
 * whoever they belong to, waiters woken as soon as their read is reaped, teardown that waits for the reaper.
 */
class ReaperHandOverTest {
  private final SeamHarness h = new SeamHarness();

  @AfterEach
  void unloadHarnesses() {
    SeamHarness.unloadAll();
  }

  private static <T> CompletableFuture<T> onNewThread(Supplier<T> action) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                result.complete(action.get());
              } catch (Throwable t) {
                result.completeExceptionally(t);
              }
            },
            "test-checker");
    thread.start();
    return result;
  }

  private static void awaitWaiters(AioGroup group, int count) {
    while (group.waitingThreads() < count) {
      Thread.onSpinWait();
    }
  }

  @Test
  void followerIsWokenWhenTheReaperReadsItsCompletion() throws Exception {
    DirectioChecker c0 = h.init(SYNC);
    DirectioChecker c1 = h.init(SYNC);
    FakeAioContext context = h.context(c0);
    CountDownLatch reaperBlocked = new CountDownLatch(1);
    CountDownLatch completionArrives = new CountDownLatch(1);
    context.queueBlockingBatch(reaperBlocked, completionArrives, ok(c1));
    context.queueBatch(ok(c0));

    CompletableFuture<CheckResult> first = onNewThread(c0::check);
    assertThat(reaperBlocked.await(60, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<CheckResult> second = onNewThread(c1::check);
    awaitWaiters(c1.group(), 1);
    assertThat(context.getEventsCalls()).as("only the reaper calls io_getevents").isEqualTo(1);

    completionArrives.countDown();

    assertThat(second.get(60, TimeUnit.SECONDS)).isEqualTo(CheckResult.UP);
    assertThat(first.get(60, TimeUnit.SECONDS)).isEqualTo(CheckResult.UP);
    assertThat(context.getEventsCalls()).isEqualTo(2);
    assertThat(context.submits()).isEqualTo(2);
  }

  @Test
  void pollWhileAReaperBlocksLeavesTheReapingToItAndGetsTheRecordedAnswer() throws Exception {
    DirectioChecker reaper = h.init(SYNC);
    DirectioChecker poller = h.init(ASYNC);
    FakeAioContext context = h.context(reaper);
    assertThat(poller.check().state()).isEqualTo(PathState.PENDING);
    CountDownLatch reaperBlocked = new CountDownLatch(1);
    CountDownLatch completionArrives = new CountDownLatch(1);
    context.queueBlockingBatch(reaperBlocked, completionArrives, ok(poller));
    context.queueBatch(ok(reaper));

    CompletableFuture<CheckResult> sync = onNewThread(reaper::check);
    assertThat(reaperBlocked.await(60, TimeUnit.SECONDS)).isTrue();
    int calls = context.getEventsCalls();
    assertThat(poller.pending().state()).isEqualTo(PathState.PENDING);
    assertThat(poller.needWait()).isFalse();
    assertThat(context.getEventsCalls()).as("no second reaper").isEqualTo(calls);

    completionArrives.countDown();
    assertThat(sync.get(60, TimeUnit.SECONDS)).isEqualTo(CheckResult.UP);
    int afterReaper = context.getEventsCalls();
    assertThat(poller.pending().state()).isEqualTo(PathState.UP);
    assertThat(context.getEventsCalls()).isEqualTo(afterReaper);
  }

  @Test
  void unloadWakesABlockedReaperAndReleasesTheMemoryOnlyAfterItLeft() throws Exception {
    DirectioChecker checker = h.init(SYNC);
    FakeAioContext context = h.context(checker);
    CountDownLatch reaperBlocked = new CountDownLatch(1);
    context.queueBlockingBatch(reaperBlocked, new CountDownLatch(1));

    CompletableFuture<CheckResult> check = onNewThread(checker::check);
    assertThat(reaperBlocked.await(60, TimeUnit.SECONDS)).isTrue();

    UnloadResult result = h.directio.unload();

    assertThat(result.isComplete()).isTrue();
    assertThat(context.isReleased()).isTrue();
    assertThat(check)
        .failsWithin(60, TimeUnit.SECONDS)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(IllegalStateException.class)
        .withMessageContaining("unload");
  }
}
