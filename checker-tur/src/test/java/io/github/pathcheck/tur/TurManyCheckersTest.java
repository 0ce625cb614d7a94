package io.github.pathcheck.tur;

import static io.github.pathcheck.tur.Sg.checkCondition;
import static io.github.pathcheck.tur.Sg.descriptor;
import static io.github.pathcheck.tur.Sg.fixed;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.fixtures.FakeDevice;
import io.github.pathcheck.nativeio.SgIoResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Thousands of paths checked from several threads at once: every answer reaches its own checker. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TurManyCheckersTest {
  private static final int PATHS = 2000;
  private static final int THREADS = 4;
  private static final int ROUNDS = 3;

  private static final SgIoResult[] ANSWERS = {
    Sg.good(),
    checkCondition(fixed(0x2, 0x04, 0x0b)),
    checkCondition(descriptor(0x2, 0x04, 0x0a)),
    checkCondition(descriptor(0x5, 0x25, 0x00)),
    checkCondition(fixed(0x3, 0x11, 0x00)),
  };
  private static final CheckResult[] EXPECTED = {
    CheckResult.UP, CheckResult.GHOST, TurDecoder.TRANSITIONING, TurDecoder.DISCONNECTED, CheckResult.DOWN,
  };

  private static int index(Path device) {
    return Integer.parseInt(device.getFileName().toString().substring("path".length()));
  }

  private final FakeTransport transport =
      new FakeTransport(device -> ANSWERS[index(device) % ANSWERS.length]);
  private final TurCheckerClass turClass = new TurCheckerClass(Map.of(), transport, System::nanoTime);

  @Test
  void everyPathGetsItsOwnAnswer() throws Exception {
    CheckerOptions options = CheckerOptions.defaults().withTimeout(Duration.ofSeconds(30));
    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    CyclicBarrier start = new CyclicBarrier(THREADS);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int first = t;
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                  List<FakeDevice> devices = new ArrayList<>();
                  List<Checker> checkers = new ArrayList<>();
                  for (int i = first; i < PATHS; i += THREADS) {
                    FakeDevice device = FakeDevice.of("/dev/many/path" + i);
                    devices.add(device);
                    checkers.add(turClass.init(device, options));
                  }
                  for (int round = 0; round < ROUNDS; round++) {
                    for (int c = 0; c < checkers.size(); c++) {
                      CheckResult expected = EXPECTED[index(devices.get(c).path()) % EXPECTED.length];
                      CheckResult actual = checkers.get(c).check();
                      if (!actual.equals(expected)) {
                        wrong.add(devices.get(c) + ": expected " + expected + ", got " + actual);
                      }
                    }
                  }
                  checkers.forEach(Checker::free);
                } catch (Exception | AssertionError e) {
                  wrong.add("thread " + first + " failed: " + e);
                }
              },
              "check-" + t);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(wrong).isEmpty();
    for (int i = 0; i < PATHS; i++) {
      assertThat(transport.calls(FakeDevice.of("/dev/many/path" + i))).as("path %d", i).isEqualTo(ROUNDS);
    }
    assertThat(turClass.unload().isComplete()).as("every checker was freed, no check is running").isTrue();
  }
}
