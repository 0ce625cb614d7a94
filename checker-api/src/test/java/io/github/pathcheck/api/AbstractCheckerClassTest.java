package io.github.pathcheck.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bookkeeping the skeletal base classes do for an author, with a probe the test controls. */
class AbstractCheckerClassTest {
  private final List<String> events = new CopyOnWriteArrayList<>();

  private static PathDevice device(String name, int fd) {
    return new PathDevice() {
      @Override
      public Path path() {
        return Path.of("/dev", name);
      }

      @Override
      public int fd() {
        return fd;
      }
    };
  }

  /** A class whose probe waits on {@code gate} when it is set, and records releases. */
  private final class TestClass extends AbstractCheckerClass {
    volatile CountDownLatch entered;
    volatile CountDownLatch gate;

    TestClass(Map<String, String> classOptions) {
      super("test", classOptions, Set.of("known"));
    }

    @Override
    protected Set<String> acceptedProperties() {
      return Set.of("speed");
    }

    @Override
    protected AbstractChecker newChecker(PathDevice device, CheckerOptions options) {
      return new AbstractChecker(this, device) {
        @Override
        protected CheckResult probe() {
          CountDownLatch in = entered;
          CountDownLatch wait = gate;
          if (in != null) {
            in.countDown();
          }
          if (wait != null) {
            try {
              wait.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return CheckResult.UP;
        }

        @Override
        protected void release() {
          events.add("release " + device().path());
        }
      };
    }

    @Override
    protected UnloadResult onUnload() {
      events.add("onUnload");
      return UnloadResult.complete();
    }
  }

  @Test
  void unknownClassOptionsAndPropertiesAreRefusedNamingThem() {
    assertThatThrownBy(() -> new TestClass(Map.of("bogus", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("test checker has no class option [bogus]")
        .hasMessageContaining("[known]");
    TestClass cls = new TestClass(Map.of("known", "1"));
    assertThat(cls.classOption("known", "0")).isEqualTo("1");
    assertThatThrownBy(() -> cls.init(device("sdb", 3), CheckerOptions.defaults().withProperty("colour", "red")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/dev/sdb")
        .hasMessageContaining("[colour]")
        .hasMessageContaining("[speed]");
  }

  @Test
  void aDeviceWithoutDescriptorIsWildAndFreeIsIdempotent() throws Exception {
    TestClass cls = new TestClass(Map.of());
    Checker noFd = cls.init(device("sdb", -1), CheckerOptions.defaults());
    assertThat(noFd.check()).isEqualTo(CheckResult.NO_USABLE_FD);
    Checker checker = cls.init(device("sdc", 3), CheckerOptions.defaults());
    assertThat(checker.check()).isEqualTo(CheckResult.UP);
    assertThat(cls.liveCheckers()).isEqualTo(2);
    checker.free();
    checker.free();
    assertThat(events).containsExactly("release /dev/sdc");
    assertThat(cls.liveCheckers()).isEqualTo(1);
    assertThatThrownBy(checker::check)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("test checker for /dev/sdc was freed");
    assertThatThrownBy(checker::pending).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(checker::needWait).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void unloadFreesLiveCheckersOnceAndIsIdempotent() throws Exception {
    TestClass cls = new TestClass(Map.of());
    Checker checker = cls.init(device("sdb", 3), CheckerOptions.defaults());
    UnloadResult first = cls.unload();
    assertThat(first.isComplete()).isTrue();
    assertThat(cls.unload()).isSameAs(first);
    assertThat(events).containsExactly("release /dev/sdb", "onUnload");
    checker.free();
    assertThat(events).hasSize(2);
    assertThatThrownBy(checker::check)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("freed when its class was unloaded");
    assertThatThrownBy(() -> cls.init(device("sdc", 3), CheckerOptions.defaults()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/dev/sdc")
        .hasMessageContaining("unloaded");
    assertThatThrownBy(cls::reset).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anUnloadDuringACheckIsDeferredUntilTheCheckReturns() throws Exception {
    TestClass cls = new TestClass(Map.of());
    Checker busy = cls.init(device("sdb", 3), CheckerOptions.defaults());
    Checker idle = cls.init(device("sdc", 3), CheckerOptions.defaults());
    cls.entered = new CountDownLatch(1);
    cls.gate = new CountDownLatch(1);
    CompletableFuture<CheckResult> check = CompletableFuture.supplyAsync(busy::check);
    assertThat(cls.entered.await(10, TimeUnit.SECONDS)).isTrue();

    UnloadResult result = cls.unload();
    assertThat(result.isComplete()).isFalse();
    assertThat(result.outstanding()).singleElement().asString().contains("/dev/sdb");
    assertThat(events).as("the idle checker is released at once, the busy one and the class later")
        .containsExactly("release /dev/sdc");
    assertThat(result.released().toCompletableFuture().isDone()).isFalse();

    cls.gate.countDown();
    assertThat(check.get(10, TimeUnit.SECONDS)).isEqualTo(CheckResult.UP);
    result.released().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(events).containsExactly("release /dev/sdc", "release /dev/sdb", "onUnload");
    assertThatThrownBy(idle::check).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFreeDuringACheckReleasesWhenTheCheckReturns() throws Exception {
    TestClass cls = new TestClass(Map.of());
    Checker checker = cls.init(device("sdb", 3), CheckerOptions.defaults());
    cls.entered = new CountDownLatch(1);
    cls.gate = new CountDownLatch(1);
    CompletableFuture<CheckResult> check = CompletableFuture.supplyAsync(checker::check);
    assertThat(cls.entered.await(10, TimeUnit.SECONDS)).isTrue();
    checker.free();
    assertThat(events).isEmpty();
    cls.gate.countDown();
    check.get(10, TimeUnit.SECONDS);
    assertThat(events).containsExactly("release /dev/sdb");
    assertThat(cls.liveCheckers()).isZero();
  }

  @Test
  void aSynchronousCheckerHasNothingToPoll() throws Exception {
    TestClass cls = new TestClass(Map.of());
    Checker checker = cls.init(device("sdb", 3), CheckerOptions.defaults());
    assertThat(checker.needWait()).isFalse();
    assertThatThrownBy(checker::pending)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no check in flight");
    assertThat(cls.isAsyncCapable()).isFalse();
  }
}
