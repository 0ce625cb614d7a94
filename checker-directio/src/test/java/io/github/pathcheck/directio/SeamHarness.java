package io.github.pathcheck.directio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckerInitException;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.fixtures.FakeClock;
import io.github.pathcheck.fixtures.FakeDevice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A directio class on the fake kernel and fake clock, with the helpers the seam tests share. */
class SeamHarness {
  static final CheckerOptions SYNC =
      CheckerOptions.defaults().withMode(CheckMode.SYNC).withTimeout(Duration.ofSeconds(30));
  static final CheckerOptions ASYNC =
      CheckerOptions.defaults().withMode(CheckMode.ASYNC).withTimeout(Duration.ofSeconds(30));

  final FakeClock clock = new FakeClock();
  final FakeAioKernel kernel = new FakeAioKernel(clock);
  final DirectioCheckerClass directio;
  private int nextFd = 100;

  private static final List<SeamHarness> MADE = new ArrayList<>();

  /** Waits for every destroy: the fake's return at once unless a test holds them. */
  static final long WAIT_FOR_EVERY_DESTROY = Long.MAX_VALUE / 4;

  SeamHarness() {
    this(1024, WAIT_FOR_EVERY_DESTROY);
  }

  /**
   * @param destroyAllowanceNanos how long reset and unload wait at least for a group with reads in flight
   */
  SeamHarness(int groupSize, long destroyAllowanceNanos) {
    directio = new DirectioCheckerClass(kernel, clock, groupSize, destroyAllowanceNanos);
    synchronized (MADE) {
      MADE.add(this);
    }
  }

  /**
   * Unloads the class of every harness made since the last call (a no-op for a class a test unloaded itself),
   * so that their groups' destroy threads end with the test that made them.
   */
  static void unloadAll() {
    List<SeamHarness> made;
    synchronized (MADE) {
      made = new ArrayList<>(MADE);
      MADE.clear();
    }
    for (SeamHarness harness : made) {
      harness.directio.unload();
    }
  }

  static CheckerOptions async(Duration timeout) {
    return ASYNC.withTimeout(timeout);
  }

  static CheckerOptions sync(Duration timeout) {
    return SYNC.withTimeout(timeout);
  }

  DirectioChecker init(int blockSize, CheckerOptions options) {
    kernel.queueBlockSize(blockSize);
    try {
      return (DirectioChecker) directio.init(FakeDevice.of(nextFd++), options);
    } catch (CheckerInitException e) {
      throw new AssertionError(e);
    }
  }

  DirectioChecker init(CheckerOptions options) {
    return init(4096, options);
  }

  /** Returns the fake context of {@code checker}'s group (groups are numbered in creation order). */
  FakeAioContext context(DirectioChecker checker) {
    return kernel.contexts().get(checker.group().id() - 1);
  }

  /** A completion of {@code checker}'s read that read the whole block. */
  static FakeAioContext.Completion ok(DirectioChecker checker) {
    return new FakeAioContext.Completion(checker.slot(), checker.blockSize());
  }

  /** A completion of {@code checker}'s read that read half the block. */
  static FakeAioContext.Completion shortRead(DirectioChecker checker) {
    return new FakeAioContext.Completion(checker.slot(), checker.blockSize() / 2);
  }

  DirectioSnapshot.Group group(DirectioChecker checker) {
    return directio.snapshot().groups().stream()
        .filter(g -> g.id() == checker.group().id())
        .findFirst()
        .orElseThrow(() -> new AssertionError("group " + checker.group().id() + " is not listed"));
  }

  void assertHolders(DirectioChecker checker, int holders, int orphans) {
    DirectioSnapshot.Group group = group(checker);
    assertThat(group.holders()).as("holders").isEqualTo(holders);
    assertThat(group.orphans()).as("orphans").isEqualTo(orphans);
  }

  static boolean running(DirectioChecker checker) {
    byte status = checker.group().inspect(slots -> slots.status(checker.slot()));
    return status == AioSlots.IN_FLIGHT || status == AioSlots.DONE;
  }

  /**
   * multipath's {@code reset(N)}: N groups exist, the reset makes N {@code io_destroy} calls, and afterwards
   * no group and no live context remain.
   */
  void resetExpecting(int destroys) {
    assertThat(directio.snapshot().groups()).hasSize(destroys);
    int before = kernel.destroyCalls();
    directio.reset();
    assertThat(kernel.destroyCalls() - before).as("io_destroy calls").isEqualTo(destroys);
    assertThat(directio.snapshot().groups()).isEmpty();
    assertThat(kernel.liveContexts()).isZero();
    assertThat(kernel.unreleasedContexts()).isZero();
  }
}
