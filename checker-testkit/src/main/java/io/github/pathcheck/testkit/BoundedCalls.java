package io.github.pathcheck.testkit;

import static io.github.pathcheck.testkit.CheckerContractKit.MARGIN;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs calls into an asynchronous-capable checker on one thread of the kit, each bounded by {@link
 * #callBound()}: none may wait for the device of the scenario. A call that takes longer releases the test's
 * hanging devices and fails with a dump of every thread; one that throws an exception other than {@link
 * IllegalStateException} or {@link IllegalArgumentException} fails naming the rule.
 */
final class BoundedCalls implements AutoCloseable {
  private final KitFixture fixture;
  private final DeviceScenario scenario;
  private final ExecutorService thread;

  BoundedCalls(KitFixture fixture, DeviceScenario scenario) {
    this.fixture = fixture;
    this.scenario = scenario;
    this.thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "pathcheck-kit-async-calls");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * How long a call that must not wait for the device may take: half the checker timeout, at least a second and
   * at most {@link CheckerContractKit#MARGIN}. A call that takes longer waited for the device.
   */
  private Duration callBound() {
    Duration half = fixture.checkerOptions().timeout().dividedBy(2);
    Duration second = Duration.ofSeconds(1);
    return half.compareTo(second) < 0 ? second : half.compareTo(MARGIN) > 0 ? MARGIN : half;
  }

  <T> T within(String call, Callable<T> body) throws Exception {
    Future<T> future = thread.submit(body);
    try {
      return future.get(callBound().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      String dump = ThreadDump.ofAllThreads();
      fixture.releaseHanging();
      throw new AssertionError(
          call
              + " of the asynchronous-capable "
              + fixture.checkerName()
              + " checker did not return within "
              + callBound().toMillis()
              + " ms (half the checker timeout, at least 1 s and at most the kit's margin) on "
              + scenario.name()
              + " (rule: in ASYNC mode check(), pending(), needWait() and unload() never wait for the device;"
              + " fix: start the read in probe() and collect it in poll(), or declare the class not"
              + " asynchronous-capable so that the framework runs its checks on its pool). Every thread:\n"
              + dump);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException
          && !(cause instanceof IllegalStateException)
          && !(cause instanceof IllegalArgumentException)) {
        throw new AssertionError(
            call + " of the " + fixture.checkerName() + " checker threw " + cause + " on " + scenario.name()
                + " (rule: failures of the path are answers, never exceptions; fix: catch the I/O failure in"
                + " the probe and answer down with a message)",
            cause);
      }
      if (cause instanceof Exception) {
        throw (Exception) cause;
      }
      throw (Error) cause;
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
