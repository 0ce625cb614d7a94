package io.github.pathcheck.directio;

import static io.github.pathcheck.directio.SeamHarness.SYNC;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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

  private static List<Thread> threadsSince(Set<Thread> before) {
    List<Thread> since = new ArrayList<>(Procfs.threadsNamed("directio-"));
    since.removeAll(before);
    return since;
  }

  private static Thread named(List<Thread> threads, String name) {
    return threads.stream().filter(t -> t.getName().equals(name)).findFirst().orElseThrow();
  }
}
