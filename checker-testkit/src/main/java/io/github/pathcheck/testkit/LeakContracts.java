package io.github.pathcheck.testkit;

import static io.github.pathcheck.testkit.CheckerContractKit.MARGIN;
import static io.github.pathcheck.testkit.KitFixture.GC_ATTEMPTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.PathDevice;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The contracts of {@link CheckerContractKit} on what a checker leaves behind: no file descriptor, thread or aio
 * context after unload, no descriptor left open by its checks, and no freed checker held by its class.
 */
final class LeakContracts {
  private static final int LEAK_TEST_CHECKERS = 3;
  private static final int FD_GROWTH_CHECKS = 40;

  private final KitFixture fixture;

  LeakContracts(KitFixture fixture) {
    this.fixture = fixture;
  }

  void unloadLeavesNoFdsThreadsOrAioContexts() throws Exception {
    // A first round loads what the JVM and the host initialise lazily (classes, JNA, cleaners).
    CheckerClass warmUp = fixture.load();
    Checker warmUpChecker = fixture.init(warmUp, fixture.checkerOptions());
    fixture.resolve(warmUpChecker);
    warmUpChecker.free();
    fixture.awaitReleased(fixture.unload(warmUp));

    List<TestDevice> devices = new ArrayList<>();
    for (int i = 0; i < LEAK_TEST_CHECKERS; i++) {
      devices.add(fixture.device());
    }
    ResourceSnapshot before = ResourceSnapshot.take();
    CheckerClass checkerClass = fixture.load();
    List<Checker> checkers = new ArrayList<>();
    for (TestDevice device : devices) {
      Checker checker = checkerClass.init(device, fixture.checkerOptions());
      fixture.track(checker::free);
      checkers.add(checker);
    }
    for (Checker checker : checkers) {
      fixture.resolve(checker);
      fixture.resolve(checker);
    }
    checkers.forEach(Checker::free);
    checkerClass.reset();
    fixture.awaitReleased(fixture.unload(checkerClass));

    // Released resources may take a moment to be gone (a thread ends after it signalled its release).
    List<String> leaks = ResourceSnapshot.leaksSince(before, MARGIN);
    if (!leaks.isEmpty()) {
      fail(
          "after free, unload and UnloadResult.released(), the "
              + fixture.checkerName()
              + " checker left behind (rule: unload releases everything the class made; fix: close what a"
              + " check opens before its answer, stop the class's threads and close its aio contexts in"
              + " onUnload(), and complete released() only when they are gone):\n  - "
              + String.join("\n  - ", leaks));
    }
  }

  void checksLeaveNoDescriptorOpen() throws Exception {
    CheckerClass checkerClass = fixture.load();
    Checker checker = fixture.init(checkerClass, fixture.checkerOptions());
    fixture.resolve(checker);
    fixture.resolve(checker);
    Map<Integer, String> before = ResourceSnapshot.take().openFds();
    for (int i = 0; i < FD_GROWTH_CHECKS; i++) {
      fixture.resolve(checker);
    }
    Map<Integer, String> after = ResourceSnapshot.take().openFds();
    List<String> opened =
        after.entrySet().stream()
            .filter(e -> !e.getValue().equals(before.get(e.getKey())))
            .map(e -> e.getKey() + " -> " + e.getValue())
            .collect(Collectors.toList());
    if (opened.size() >= FD_GROWTH_CHECKS / 2) {
      fail(FD_GROWTH_CHECKS + " checks of one " + fixture.checkerName() + " checker left " + opened.size()
          + " more descriptors open, counted before any free, unload or garbage collection (rule: what a"
          + " check opens it closes before its answer; fix: close the channel or stream in a finally block or"
          + " try-with-resources in the probe, not through a Cleaner or finalizer): "
          + opened.stream().limit(10).collect(Collectors.joining(", ")));
    }
  }

  void aFreedCheckerIsNotHeldByItsClass() throws Exception {
    CheckerClass checkerClass = fixture.load();
    TestDevice device = fixture.device();
    WeakReference<Checker> freed = checkAndFree(checkerClass, device);
    if (KitFixture.collectUntilCleared(List.of(freed)) > 0) {
      fail("a freed checker of the " + fixture.checkerName() + " checker is still reachable after " + GC_ATTEMPTS
          + " garbage collections while its class is loaded (rule: free() releases everything the class holds"
          + " for the checker, or a host that inits and frees checkers as paths come and go grows without"
          + " bound; fix: remove the checker from the class's live set and maps in free(), or extend"
          + " AbstractCheckerClass and AbstractChecker)");
    }
  }

  private WeakReference<Checker> checkAndFree(CheckerClass checkerClass, PathDevice device) throws Exception {
    Checker checker = checkerClass.init(device, fixture.checkerOptions());
    assertThat(checker).as("CheckerClass.init() result").isNotNull();
    try {
      fixture.resolve(checker);
    } finally {
      checker.free();
    }
    return new WeakReference<>(checker);
  }
}
