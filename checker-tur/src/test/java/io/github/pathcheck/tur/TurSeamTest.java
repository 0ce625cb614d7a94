package io.github.pathcheck.tur;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.fixtures.FakeClock;
import io.github.pathcheck.fixtures.FakeDevice;
import io.github.pathcheck.nativeio.SgIoResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/**
 * The fixture of the tests that drive a tur class through the fake SG transport and a fake clock: commands
 * that block until released, checks run on a thread of their own as the framework's pool runs them, and a
 * teardown that releases every command, unloads the class and waits until every check has returned.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class TurSeamTest {
  final FakeTransport transport = new FakeTransport();
  final FakeClock clock = new FakeClock();
  final TurCheckerClass turClass = new TurCheckerClass(Map.of(), transport, clock::nanoTime);
  private final List<FakeTransport.Gate> gates = new ArrayList<>();
  private final List<Thread> checkThreads = new ArrayList<>();

  @AfterEach
  void releaseEverything() throws Exception {
    gates.forEach(FakeTransport.Gate::release);
    turClass.unload().released().toCompletableFuture().get();
    for (Thread thread : checkThreads) {
      thread.join();
    }
  }

  /** Makes the next command on {@code device} block until the teardown (or the test) releases it. */
  FakeTransport.Gate block(FakeDevice device, SgIoResult answer) {
    FakeTransport.Gate gate = transport.block(device, answer);
    gates.add(gate);
    return gate;
  }

  /** Calls {@code checker.check()} on a new thread, as the framework's pool would, and returns its answer. */
  CompletableFuture<CheckResult> checkOnAnotherThread(Checker checker) {
    CompletableFuture<CheckResult> answer = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                answer.complete(checker.check());
              } catch (RuntimeException | Error e) {
                answer.completeExceptionally(e);
              }
            },
            "framework-pool");
    checkThreads.add(thread);
    thread.start();
    return answer;
  }
}
