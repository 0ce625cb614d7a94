package io.github.pathcheck.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.fixtures.FakeDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reference counting, reset and close, with the host's counting provider. */
class CheckerRegistryRefcountTest {

  @BeforeEach
  void resetCounters() {
    CountingCheckerProvider.resetCounters();
  }

  @Test
  void loadsOnFirstAcquireAndUnloadsOnLastClose() {
    try (CheckerRegistry registry = CheckerRegistry.builder().build()) {
      assertThat(CountingCheckerProvider.loads).hasValue(0);
      CheckerHandle first = registry.acquire("counting");
      CheckerHandle second = registry.acquire("counting");
      assertThat(CountingCheckerProvider.loads).hasValue(1);
      assertThat(second.loadedClass()).isSameAs(first.loadedClass());

      first.close();
      assertThat(CountingCheckerProvider.unloads).hasValue(0);
      second.close();
      assertThat(CountingCheckerProvider.unloads).hasValue(1);

      try (CheckerHandle third = registry.acquire("counting")) {
        assertThat(CountingCheckerProvider.loads).hasValue(2);
        assertThat(third.loadedClass()).isNotNull();
        assertThat(CountingCheckerProvider.lastLoaded.get().isUnloaded()).isFalse();
      }
      assertThat(CountingCheckerProvider.unloads).hasValue(2);
    }
    assertThat(CountingCheckerProvider.violations).isEmpty();
  }

  @Test
  void closingAHandleTwiceDropsOneReference() {
    try (CheckerRegistry registry = CheckerRegistry.builder().build()) {
      CheckerHandle first = registry.acquire("counting");
      CheckerHandle second = registry.acquire("counting");
      first.close();
      first.close();
      assertThat(CountingCheckerProvider.unloads).hasValue(0);
      assertThat(CountingCheckerProvider.lastLoaded.get().isUnloaded()).isFalse();
      assertThatThrownBy(() -> first.init(FakeDevice.of("/dev/sdb"), CheckerOptions.defaults()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("counting");
      second.close();
      assertThat(CountingCheckerProvider.unloads).hasValue(1);
    }
  }

  @Test
  void classOptionsReachTheProvider() {
    try (CheckerRegistry registry =
        CheckerRegistry.builder().classOptions("counting", Map.of("groupSize", "4")).build()) {
      registry.acquire("counting").close();
      assertThat(CountingCheckerProvider.lastOptions.get()).containsExactly(Map.entry("groupSize", "4"));
      assertThat(registry.problems()).isEmpty();
    }
  }

  @Test
  void classOptionsForAnUnknownNameAreAProblem() {
    try (CheckerRegistry registry =
        CheckerRegistry.builder().classOptions("nosuch", Map.of("a", "b")).build()) {
      assertThat(registry.problems()).singleElement().asString().contains("nosuch");
    }
  }

  @Test
  void resetAllResetsLoadedClassesOnly() throws Exception {
    try (CheckerRegistry registry = CheckerRegistry.builder().build()) {
      registry.resetAll();
      assertThat(CountingCheckerProvider.resets).hasValue(0);
      try (CheckerHandle handle = registry.acquire("counting")) {
        registry.resetAll();
        assertThat(CountingCheckerProvider.resets).hasValue(1);
        assertThat(CountingCheckerProvider.lastLoaded.get().isUnloaded()).isFalse();
        try (PathChecker checker = handle.init(FakeDevice.of("/dev/sdb"), CheckerOptions.defaults())) {
          assertThat(checker.checkAndWait()).as("checks work after a reset").isEqualTo(CheckResult.UP);
        }
      }
    }
    assertThat(CountingCheckerProvider.violations).isEmpty();
  }

  @Test
  void closeUnloadsEvenWithHandlesOutstandingAndInvalidatesThem() {
    CheckerRegistry registry = CheckerRegistry.builder().build();
    CheckerHandle handle = registry.acquire("counting");
    CheckerHandle none = registry.acquire("none");
    registry.close();
    assertThat(CountingCheckerProvider.unloads).hasValue(1);
    assertThatThrownBy(() -> handle.init(FakeDevice.of("/dev/sdb"), CheckerOptions.defaults()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("counting")
        .hasMessageContaining("registry");
    assertThatThrownBy(handle::stuckChecks).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> none.init(FakeDevice.of("/dev/sdb"), CheckerOptions.defaults()))
        .isInstanceOf(IllegalStateException.class);
    handle.close(); // does nothing now
    none.close();
    assertThat(CountingCheckerProvider.unloads).hasValue(1);
    registry.close(); // idempotent
    assertThatThrownBy(() -> registry.acquire("counting"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(registry::resetAll).isInstanceOf(IllegalStateException.class);
    assertThat(registry.available()).isNotEmpty();
    assertThat(registry.whenUnloadsReleased().toCompletableFuture()).isCompleted();
    assertThat(CountingCheckerProvider.violations).isEmpty();
  }

  @Test
  void unknownNameListsTheAvailableNames() {
    try (CheckerRegistry registry = CheckerRegistry.builder().build()) {
      assertThatThrownBy(() -> registry.acquire("tur"))
          .isInstanceOf(NoSuchElementException.class)
          .hasMessageContaining("\"tur\"")
          .hasMessageContaining("counting, none, scripted")
          .hasMessageContaining("no plugin directory");
    }
  }

  @Test
  void theNoneCheckerIsBuiltIn() throws Exception {
    try (CheckerRegistry registry = CheckerRegistry.builder().build();
        CheckerHandle handle = registry.acquire("none")) {
      assertThat(registry.available())
          .extracting(CheckerDescriptor::name, CheckerDescriptor::origin, CheckerDescriptor::isPlugin)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("counting", "class path", false),
              org.assertj.core.groups.Tuple.tuple("none", "built-in", false),
              org.assertj.core.groups.Tuple.tuple("scripted", "class path", false));
      try (PathChecker checker = handle.init(FakeDevice.of("/dev/sdb"), CheckerOptions.defaults())) {
        assertThat(checker.checkAndWait()).isEqualTo(CheckResult.UP);
      }
    }
  }

  /**
   * Many threads acquire, use and close handles, some holding two at once: the class is never loaded twice at
   * once, never loaded or unloaded while another load or unload runs, never unloaded while a holder uses it
   * (its checkers' inits, on the class's pool, find it loaded), and every load is matched by an unload.
   */
  @Test
  void concurrentAcquireAndCloseKeepTheInvariants() throws Exception {
    int threads = 8;
    int iterations = 2_000;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (CheckerRegistry registry = CheckerRegistry.builder().build()) {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int seed = t;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  int uses = 0;
                  for (int i = 0; i < iterations; i++) {
                    try (CheckerHandle handle = registry.acquire("counting")) {
                      LoadedClass cls = handle.loadedClass();
                      if ((i + seed) % 3 == 0) {
                        try (CheckerHandle extra = registry.acquire("counting")) {
                          assertThat(extra.loadedClass()).isSameAs(cls);
                        }
                      }
                      if ((i + seed) % 7 == 0) {
                        registry.resetAll();
                      }
                      // An init on a class unloaded under its holder is recorded as a violation.
                      handle.init(FakeDevice.of("/dev/sdb"), CheckerOptions.defaults()).close();
                      assertThat(handle.loadedClass()).as("still the holder's class").isSameAs(cls);
                      uses++;
                    }
                  }
                  return uses;
                }));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get(2, TimeUnit.MINUTES)).isEqualTo(iterations);
      }
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }
    assertThat(CountingCheckerProvider.violations).isEmpty();
    assertThat(CountingCheckerProvider.loads.get()).isPositive();
    assertThat(CountingCheckerProvider.unloads).hasValue(CountingCheckerProvider.loads.get());
    assertThat(CountingCheckerProvider.live).hasValue(0);
  }
}
