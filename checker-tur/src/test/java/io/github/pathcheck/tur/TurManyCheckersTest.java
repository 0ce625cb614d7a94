package io.github.pathcheck.tur;

import static io.github.pathcheck.tur.Sg.checkCondition;
import static io.github.pathcheck.tur.Sg.descriptor;
import static io.github.pathcheck.tur.Sg.fixed;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.nativeio.SgIoResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Thousands of paths checked from several host threads at once: every answer reaches its own checker. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TurManyCheckersTest {
  private static final int PATHS = 2000;
  private static final int HOST_THREADS = 4;
  private static final int ROUNDS = 3;

  private static final SgIoResult[] ANSWERS = {
    Sg.good(),
    checkCondition(fixed(0x2, 0x04, 0x0b)),
    checkCondition(descriptor(0x2, 0x04, 0x0a)),
    checkCondition(descriptor(0x5, 0x25, 0x00)),
    checkCondition(fixed(0x3, 0x11, 0x00)),
  };
  private static final TurAnswer[] EXPECTED = {
    TurAnswer.UP, TurAnswer.GHOST, TurAnswer.TRANSITIONING, TurAnswer.DISCONNECTED, TurAnswer.DOWN,
  };

  private static int index(Path device) {
    return Integer.parseInt(device.getFileName().toString().substring("path".length()));
  }

  private final FakeTransport transport =
      new FakeTransport(device -> ANSWERS[index(device) % ANSWERS.length]);
  private final FakeClock clock = new FakeClock();
  private final TurCheckerClass turClass =
      new TurCheckerClass(transport, clock::nanoTime, TurCheckerClass.DEFAULT_THREADS);

  @Test
  void everyPathGetsItsOwnAnswerAsyncAndSync() throws Exception {
    CheckerOptions async =
        CheckerOptions.defaults().withTimeout(Duration.ofSeconds(30)).withMode(CheckMode.ASYNC);
    CheckerOptions sync = async.withMode(CheckMode.SYNC);
    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    CyclicBarrier start = new CyclicBarrier(HOST_THREADS);
    List<Thread> hosts = new ArrayList<>();
    for (int h = 0; h < HOST_THREADS; h++) {
      int host = h;
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                  List<FakeDevice> devices = new ArrayList<>();
                  List<Checker> asyncCheckers = new ArrayList<>();
                  List<Checker> syncCheckers = new ArrayList<>();
                  for (int i = host; i < PATHS; i += HOST_THREADS) {
                    FakeDevice device = new FakeDevice("/dev/many/path" + i);
                    devices.add(device);
                    asyncCheckers.add(turClass.init(device, async));
                    syncCheckers.add(turClass.init(device, sync));
                  }
                  for (int round = 0; round < ROUNDS; round++) {
                    for (Checker checker : asyncCheckers) {
                      if (checker.check() != PathState.PENDING) {
                        wrong.add(checker + ": check did not start");
                      }
                    }
                    for (int c = 0; c < asyncCheckers.size(); c++) {
                      Checker checker = asyncCheckers.get(c);
                      while (checker.pending() == PathState.PENDING
                          && checker.message().equals(TurMessages.STILL_RUNNING)) {
                        Thread.onSpinWait();
                      }
                      expect(wrong, devices.get(c), checker);
                    }
                    for (int c = 0; c < syncCheckers.size(); c++) {
                      syncCheckers.get(c).check();
                      expect(wrong, devices.get(c), syncCheckers.get(c));
                    }
                  }
                  asyncCheckers.forEach(Checker::free);
                  syncCheckers.forEach(Checker::free);
                } catch (Exception | AssertionError e) {
                  wrong.add("host " + host + " failed: " + e);
                }
              },
              "host-" + h);
      hosts.add(thread);
      thread.start();
    }
    WorkerThreads.join(hosts);

    assertThat(wrong).isEmpty();
    for (int i = 0; i < PATHS; i++) {
      assertThat(transport.calls(new FakeDevice("/dev/many/path" + i)))
          .as("path %d", i)
          .isEqualTo(2 * ROUNDS);
    }
    assertThat(turClass.liveCheckers()).isZero();
    turClass.unload().released().toCompletableFuture().get();
    assertThat(turClass.workerThreads()).isEmpty();
    WorkerThreads.join(WorkerThreads.all());
  }

  private static void expect(ConcurrentLinkedQueue<String> wrong, FakeDevice device, Checker checker) {
    TurAnswer expected = EXPECTED[index(device.path()) % EXPECTED.length];
    TurAnswer actual = new TurAnswer(checker.pending(), checker.message());
    if (!actual.equals(expected)) {
      wrong.add(device + ": expected " + expected + ", got " + actual);
    }
  }
}
