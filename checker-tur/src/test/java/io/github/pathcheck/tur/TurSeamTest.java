package io.github.pathcheck.tur;

import io.github.pathcheck.nativeio.SgIoResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/**
 * The fixture of the tests that drive a tur class through the fake SG transport and a fake clock: commands
 * that block until released, and a teardown that releases them, unloads the class and waits until no worker
 * is left.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class TurSeamTest {
  final FakeTransport transport = new FakeTransport();
  final FakeClock clock = new FakeClock();
  final TurCheckerClass turClass =
      new TurCheckerClass(transport, clock::nanoTime, TurCheckerClass.DEFAULT_THREADS);
  private final List<FakeTransport.Gate> gates = new ArrayList<>();

  @AfterEach
  void releaseEverything() throws Exception {
    gates.forEach(FakeTransport.Gate::release);
    turClass.unload().released().toCompletableFuture().get();
    WorkerThreads.join(WorkerThreads.all()); // returns: no worker is left blocked
  }

  /** Makes the next command on {@code device} block until the teardown (or the test) releases it. */
  FakeTransport.Gate block(FakeDevice device, SgIoResult answer) {
    FakeTransport.Gate gate = transport.block(device, answer);
    gates.add(gate);
    return gate;
  }
}
