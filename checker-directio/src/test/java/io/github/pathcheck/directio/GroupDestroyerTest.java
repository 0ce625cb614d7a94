package io.github.pathcheck.directio;

import static io.github.pathcheck.directio.SeamHarness.SYNC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pathcheck.api.CheckerInitException;
import io.github.pathcheck.fixtures.FakeClock;
import io.github.pathcheck.fixtures.FakeDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each group's destroy thread: started with the group, parked until the group is destroyed, ended by its
 * teardown, whichever of reset, unload or a free destroys the group; and already ended when that call
 * returns.
 */
class GroupDestroyerTest {

  @AfterEach
  void unloadHarnesses() {
    SeamHarness.unloadAll();
  }

  @Test
  void eachGroupHasAThreadUntilItIsDestroyed() throws Exception {
    Set<Thread> before = Set.copyOf(Procfs.threadsNamed("directio-"));
    SeamHarness h = new SeamHarness(1, SeamHarness.WAIT_FOR_EVERY_DESTROY);
    DirectioChecker first = h.init(SYNC);
    DirectioChecker second = h.init(SYNC);
    DirectioChecker third = h.init(SYNC);

    List<Thread> started = threadsSince(before);
    assertThat(started)
        .extracting(Thread::getName)
        .containsExactlyInAnyOrder(
            "directio-aio-group-" + first.group().id(),
            "directio-aio-group-" + second.group().id(),
            "directio-aio-group-" + third.group().id());
    assertThat(started).allMatch(Thread::isDaemon);

    second.free();
    h.directio.reset();
    Thread secondsThread = named(started, "directio-aio-group-" + second.group().id());
    assertThat(secondsThread.isAlive()).as("the reset group's thread, when reset returns").isFalse();
    assertThat(threadsSince(before)).hasSize(2);
    assertThat(h.kernel.destroyCalls()).isEqualTo(1);

    assertThat(h.directio.unload().isComplete()).isTrue();
    assertThat(started).as("every group's thread, when unload returns").noneMatch(Thread::isAlive);
    assertThat(threadsSince(before)).isEmpty();
    assertThat(h.kernel.destroyCalls()).isEqualTo(3);
    assertThat(h.kernel.liveContexts()).isZero();
  }

  @Test
  void aFreeThatLeavesOnlyOrphansReturnsOnceTheGroupIsDestroyed() throws Exception {
    Set<Thread> before = Set.copyOf(Procfs.threadsNamed("directio-"));
    SeamHarness h = new SeamHarness(1, SeamHarness.WAIT_FOR_EVERY_DESTROY);
    DirectioChecker orphaned = h.init(SeamHarness.ASYNC);
    Thread groupThread = threadsSince(before).get(0);
    orphaned.check();

    orphaned.free();

    assertThat(h.kernel.destroyCalls()).isEqualTo(1);
    assertThat(h.context(orphaned).isReleased()).isTrue();
    assertThat(h.directio.snapshot().groupsBeingDestroyed()).isZero();
    assertThat(groupThread.isAlive()).as("the group's thread, when free returns").isFalse();
  }

  @Test
  void aGroupWhoseThreadCannotStartFailsTheInitAndLeavesNothing() throws Exception {
    FakeClock clock = new FakeClock();
    FakeAioKernel kernel = new FakeAioKernel(clock);
    ThreadFactory refusing =
        task ->
            new Thread(task) {
              @Override
              public synchronized void start() {
                throw new OutOfMemoryError("unable to create native thread: possibly out of memory");
              }
            };
    DirectioCheckerClass directio =
        new DirectioCheckerClass(kernel, clock, 1024, Long.MAX_VALUE / 4, refusing);
    FakeDevice device = FakeDevice.of(100);
    kernel.flags(100, 02);
    kernel.queueBlockSize(4096);

    assertThatThrownBy(() -> directio.init(device, SYNC))
        .isInstanceOf(CheckerInitException.class)
        .hasMessageStartingWith(device.path() + ": directio cannot start the thread of a new aio group")
        .hasMessageContaining("ulimit -u");

    assertThat(kernel.setupCalls()).isEqualTo(1);
    assertThat(kernel.liveContexts()).as("the new context is destroyed").isZero();
    assertThat(kernel.unreleasedContexts()).as("and its memory released").isZero();
    assertThat(kernel.flags(100)).as("the descriptor's flags as they were").isEqualTo(02);
    assertThat(directio.snapshot().groups()).isEmpty();
    assertThat(directio.unload().isComplete()).isTrue();
  }

  private static List<Thread> threadsSince(Set<Thread> before) {
    List<Thread> since = new ArrayList<>(Procfs.threadsNamed("directio-"));
    since.removeAll(before);
    return since;
  }

  private static Thread named(List<Thread> threads, String name) {
    return threads.stream().filter(t -> t.getName().equals(name)).findFirst().orElseThrow();
  }
}
