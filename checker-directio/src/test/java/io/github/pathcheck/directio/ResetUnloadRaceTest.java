package io.github.pathcheck.directio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.api.UnloadResult;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * An unload that runs while a reset on another thread is between taking its groups out and destroying them
 * must not report everything released: the reset's groups are still to be destroyed.
 */
class ResetUnloadRaceTest {

  @Test
  void unloadDuringAResetWaitsForTheResetsGroups() throws Exception {
    FakeClock fake = new FakeClock();
    FakeAioKernel kernel = new FakeAioKernel(fake);
    CountDownLatch resetInWindow = new CountDownLatch(1);
    CountDownLatch resetGoOn = new CountDownLatch(1);
    // The reset reads the clock first thing after taking its groups out: hold it there.
    LongSupplier clock =
        () -> {
          if (Thread.currentThread().getName().equals("resetter") && resetInWindow.getCount() > 0) {
            resetInWindow.countDown();
            try {
              resetGoOn.await();
            } catch (InterruptedException e) {
              throw new AssertionError(e);
            }
          }
          return fake.getAsLong();
        };
    DirectioCheckerClass directio =
        new DirectioCheckerClass(new AioGroups(kernel, clock, 1024, Long.MAX_VALUE / 4));
    kernel.queueBlockSize(4096);
    DirectioChecker checker = (DirectioChecker) directio.init(FakeDevice.of(100), SeamHarness.ASYNC);
    checker.free();

    Thread resetter = new Thread(directio::reset, "resetter");
    resetter.start();
    assertThat(resetInWindow.await(30, TimeUnit.SECONDS)).isTrue();
    UnloadResult result = directio.unload();
    boolean contextLive = kernel.liveContexts() > 0 || kernel.unreleasedContexts() > 0;
    resetGoOn.countDown();
    resetter.join();

    assertThat(contextLive).as("the reset's group is not destroyed yet").isTrue();
    assertThat(result.isComplete()).as("unload must not report it released").isFalse();
    result.released().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(kernel.liveContexts()).isZero();
    assertThat(kernel.unreleasedContexts()).isZero();
  }
}
