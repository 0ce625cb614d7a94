package io.github.pathcheck.tur;

import static io.github.pathcheck.tur.Sg.checkCondition;
import static io.github.pathcheck.tur.Sg.fixed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.api.UnloadResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Free, reset and unload, also while workers are blocked in the device. */
class TurLifecycleTest extends TurSeamTest {
  private static final CheckerOptions ASYNC =
      CheckerOptions.defaults().withTimeout(Duration.ofSeconds(10)).withMode(CheckMode.ASYNC);
  private static final CheckerOptions SYNC = ASYNC.withMode(CheckMode.SYNC);

  private final FakeDevice device = new FakeDevice("/dev/sdf");

  @Test
  void freeWhileAWorkerRunsDropsItsAnswerAndStopsItsRetries() throws Exception {
    FakeTransport.Gate gate = block(device, checkCondition(fixed(0x6, 0x29, 0)));
    Checker checker = turClass.init(device, ASYNC);
    checker.check();
    Thread worker = gate.awaitEntered();

    checker.free();
    checker.free();
    checker.close();

    assertThatThrownBy(checker::check)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the tur checker for /dev/sdf was freed; init a new one");
    assertThatThrownBy(checker::pending).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(checker::needWait).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(checker::message).isInstanceOf(IllegalStateException.class);
    assertThat(turClass.liveCheckers()).isZero();
    assertThat(turClass.workerThreads()).containsExactly(worker);

    gate.release();
    worker.join();

    assertThat(transport.calls(device)).as("no retry for an abandoned check").isEqualTo(1);
    assertThat(turClass.workerThreads()).isEmpty();
    assertThat(turClass.unload().isComplete()).isTrue();
  }

  @Test
  void unloadWithAWorkerBlockedIsDeferredUntilItReturns() throws Exception {
    FakeTransport.Gate gate = block(device, Sg.good());
    Checker checker = turClass.init(device, ASYNC);
    checker.check();
    Thread worker = gate.awaitEntered();

    UnloadResult result = turClass.unload();

    assertThat(result.isComplete()).isFalse();
    assertThat(result.outstanding()).containsExactly("1 tur worker thread blocked on /dev/sdf");
    CompletableFuture<Void> released = result.released().toCompletableFuture();
    assertThat(released).isNotDone();
    assertThat(turClass.unload()).as("idempotent").isSameAs(result);
    assertThatThrownBy(checker::check)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the tur checker for /dev/sdf was freed when its class was unloaded; init a new one");
    assertThatThrownBy(() -> turClass.init(device, ASYNC))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("class was unloaded");
    assertThatThrownBy(turClass::reset).isInstanceOf(IllegalStateException.class);
    assertThat(worker.isAlive()).as("nothing is released under a running worker").isTrue();

    gate.release();
    released.get();
    worker.join();

    assertThat(released).isCompleted();
    assertThat(WorkerThreads.of(device)).isEmpty();
  }

  @Test
  void unloadNamesEveryBlockedWorkerByDevice() throws Exception {
    FakeDevice other = new FakeDevice("/dev/sdg");
    FakeTransport.Gate a = block(device, Sg.good());
    FakeTransport.Gate b = block(device, Sg.good());
    FakeTransport.Gate c = block(other, Sg.good());
    Checker first = turClass.init(device, ASYNC);
    Checker second = turClass.init(other, ASYNC);
    first.check();
    clock.advance(Duration.ofSeconds(11));
    first.check(); // timed out: abandoned, still blocked
    first.check(); // a replacement
    second.check();
    a.awaitEntered();
    b.awaitEntered();
    c.awaitEntered();

    UnloadResult result = turClass.unload();

    assertThat(result.outstanding())
        .containsExactlyInAnyOrder(
            "2 tur worker threads blocked on /dev/sdf", "1 tur worker thread blocked on /dev/sdg");
    a.release();
    b.release();
    assertThat(result.released().toCompletableFuture()).isNotDone();
    c.release();
    result.released().toCompletableFuture().get();
  }

  @Test
  void unloadWithNothingRunningIsComplete() throws Exception {
    Checker checker = turClass.init(device, ASYNC);
    checker.check();
    WorkerThreads.join(turClass.workerThreads());

    UnloadResult result = turClass.unload();

    assertThat(result.isComplete()).isTrue();
    assertThat(result.released().toCompletableFuture()).isCompleted();
    assertThatThrownBy(checker::pending).isInstanceOf(IllegalStateException.class);
    checker.free(); // still allowed
  }

  @Test
  void unloadWaitsForASynchronousCheckBlockedOnTheCallersThread() throws Exception {
    FakeTransport.Gate gate = block(device, Sg.good());
    Checker checker = turClass.init(device, SYNC);
    AtomicReference<PathState> answer = new AtomicReference<>();
    Thread host = new Thread(() -> answer.set(checker.check()), "host");
    host.start();
    gate.awaitEntered();

    UnloadResult result = turClass.unload();

    assertThat(result.outstanding()).containsExactly("1 synchronous tur check blocked on /dev/sdf");
    assertThat(result.released().toCompletableFuture()).isNotDone();
    gate.release();
    result.released().toCompletableFuture().get();
    host.join();
    assertThat(answer.get()).as("the caller still gets its answer").isEqualTo(PathState.UP);
  }

  @Test
  void resetKeepsCheckersWorking() throws Exception {
    Checker checker = turClass.init(device, ASYNC);

    turClass.reset();

    checker.check();
    WorkerThreads.join(turClass.workerThreads());
    assertThat(checker.pending()).isEqualTo(PathState.UP);
  }

  @Test
  void syncCheckAsksOnTheCallersThread() {
    transport.answer(device, checkCondition(fixed(0x6, 0x29, 0)), checkCondition(fixed(0x2, 0x04, 0x0b)));
    Checker checker = turClass.init(device, SYNC);

    assertThat(checker.check()).isEqualTo(PathState.GHOST);
    assertThat(checker.message()).isEqualTo(" reports path is ghost");
    assertThat(checker.needWait()).isFalse();
    assertThat(checker.pending()).isEqualTo(PathState.GHOST);
    assertThat(transport.callers()).containsExactly(Thread.currentThread(), Thread.currentThread());
    assertThat(turClass.workerThreads()).isEmpty();
  }

  @Test
  void syncCheckThatFailsIsUncheckedNotThrown() {
    transport.fail(device, new IllegalStateException("simulated transport bug"));
    Checker checker = turClass.init(device, SYNC);

    assertThat(checker.check()).isEqualTo(PathState.UNCHECKED);
    assertThat(checker.message()).isEqualTo(" failed to initialize");
    assertThat(checker.check()).as("the next check asks again").isEqualTo(PathState.UP);
  }

  @Test
  void syncCheckOfADeviceWithoutDescriptorIsWild() {
    FakeDevice closed = new FakeDevice("/dev/sdz", -1);
    Checker checker = turClass.init(closed, SYNC);

    assertThat(checker.check()).isEqualTo(PathState.WILD);
    assertThat(checker.message()).isEqualTo(" has no usable fd");
    assertThat(transport.calls(closed)).isZero();
  }

  @Test
  void initRejectsProperties() {
    assertThatThrownBy(() -> turClass.init(device, ASYNC.withProperty("retries", "3")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the tur checker takes no per-path properties, but got [retries] for /dev/sdf;");
  }

  @Test
  void commandTimeoutIsTheCheckerTimeout() {
    Checker checker = turClass.init(device, SYNC.withTimeout(Duration.ofMillis(2500)));

    checker.check();

    assertThat(transport.timeouts()).containsExactly(Duration.ofMillis(2500));
  }
}
