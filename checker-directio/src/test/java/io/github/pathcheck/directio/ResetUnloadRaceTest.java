package io.github.pathcheck.directio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.api.UnloadResult;
import io.github.pathcheck.fixtures.FakeClock;
import io.github.pathcheck.fixtures.FakeDevice;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An unload that runs while a reset on another thread is still destroying the groups it took out must not
 * report everything released: the reset's groups are not destroyed yet, and they are no longer in the
 * unload's list of groups.
 */
class ResetUnloadRaceTest {

  @Test
  void unloadDuringAResetWaitsForTheResetsGroups() throws Exception {
    FakeClock fake = new FakeClock();
    FakeAioKernel kernel = new FakeAioKernel(fake);
    DirectioCheckerClass directio =
        new DirectioCheckerClass(kernel, fake, 1024, Long.MAX_VALUE / 4);
    kernel.queueBlockSize(4096);
    DirectioChecker checker = (DirectioChecker) directio.init(FakeDevice.of(100), SeamHarness.ASYNC);
    FakeAioContext context = kernel.contexts().get(0);
    CountDownLatch destroyEntered = new CountDownLatch(1);
    CountDownLatch destroyGoOn = new CountDownLatch(1);
    context.onDestroy(destroyEntered::countDown);
    context.holdDestroy(destroyGoOn);
    checker.free();

    Thread resetter = new Thread(directio::reset, "resetter");
    resetter.start();
    assertThat(destroyEntered.await(30, TimeUnit.SECONDS)).as("the reset's io_destroy began").isTrue();
    UnloadResult result = directio.unload();
    boolean contextLive = kernel.liveContexts() > 0 || kernel.unreleasedContexts() > 0;
    destroyGoOn.countDown();
    resetter.join();

    assertThat(contextLive).as("the reset's group is not destroyed yet").isTrue();
    assertThat(result.isComplete()).as("unload must not report it released").isFalse();
    assertThat(result.outstanding()).singleElement().asString().contains("left by an earlier reset or free");
    result.released().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(kernel.liveContexts()).isZero();
    assertThat(kernel.unreleasedContexts()).isZero();
  }
}
