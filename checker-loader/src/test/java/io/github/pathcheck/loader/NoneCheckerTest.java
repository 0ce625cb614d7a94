package io.github.pathcheck.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerMessages;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.api.UnloadResult;
import io.github.pathcheck.fixtures.FakeDevice;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoneCheckerTest {
  private final CheckerClass cls = new NoneCheckerProvider().load(Map.of());
  private final FakeDevice sdb = FakeDevice.of("/dev/sdb");

  @Test
  void isNamedNoneAndSynchronous() {
    assertThat(new NoneCheckerProvider().name()).isEqualTo("none");
    assertThat(cls.name()).isEqualTo("none");
    assertThat(cls.isAsyncCapable()).isFalse();
  }

  @Test
  void reportsUpByDefault() throws Exception {
    Checker checker = cls.init(sdb, CheckerOptions.defaults());
    CheckResult answer = checker.check();
    assertThat(answer.state()).isEqualTo(PathState.UP);
    assertThat(answer.message()).isEqualTo(CheckerMessages.PATH_UP);
    assertThat(checker.check()).as("answering allocates nothing").isSameAs(answer);
    assertThat(checker.needWait()).isFalse();
  }

  @Test
  void reportsTheConfiguredState() throws Exception {
    for (PathState state : PathState.values()) {
      Checker checker =
          cls.init(sdb, CheckerOptions.defaults().withProperty("state", state.displayName()));
      CheckResult answer = checker.check();
      assertThat(answer.state()).isEqualTo(state);
      assertThat(answer.message()).isEqualTo(CheckerMessages.forState(state));
      checker.free();
    }
  }

  @Test
  void pendingWithNoCheckInFlightThrowsNamingThePath() throws Exception {
    // Every check answers at once: there is never anything to collect.
    Checker checker = cls.init(sdb, CheckerOptions.defaults().withProperty("state", "ghost"));
    assertThatThrownBy(checker::pending)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/dev/sdb");
    assertThat(checker.check().state()).isEqualTo(PathState.GHOST);
    assertThatThrownBy(checker::pending).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aDeviceWithoutFdIsWild() throws Exception {
    Checker checker = cls.init(new FakeDevice(Path.of("/dev/sdc"), -1), CheckerOptions.defaults());
    assertThat(checker.check()).isEqualTo(CheckResult.NO_USABLE_FD);
    assertThat(checker.check().message()).isEqualTo(CheckerMessages.NO_USABLE_FD);
  }

  @Test
  void fdZeroIsUsable() throws Exception {
    Checker checker = cls.init(new FakeDevice(Path.of("/dev/sdd"), 0), CheckerOptions.defaults());
    assertThat(checker.check().state()).isEqualTo(PathState.UP);
  }

  @Test
  void throughTheRegistryItsPathCheckerAnswersOnThePool() throws Exception {
    try (CheckerRegistry registry = CheckerRegistry.builder().build();
        CheckerHandle handle = registry.acquire("none");
        PathChecker checker =
            handle.init(sdb, CheckerOptions.defaults().withProperty("state", "ghost"))) {
      assertThat(checker.checkerName()).isEqualTo("none");
      assertThat(checker.path()).isEqualTo(sdb.path());
      CheckResult answer = checker.checkAndWait();
      assertThat(answer.state()).isEqualTo(PathState.GHOST);
      assertThat(answer.message()).isEqualTo(CheckerMessages.PATH_GHOST);
      assertThat(checker.pending()).as("with no check in flight, the last answer").isEqualTo(answer);
    }
  }

  @Test
  void rejectsUnknownStatesNamingTheAcceptedOnes() {
    assertThatThrownBy(
            () -> cls.init(sdb, CheckerOptions.defaults().withProperty("state", "sideways")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/dev/sdb")
        .hasMessageContaining("sideways")
        .hasMessageContaining("up, shaky, ghost");
  }

  @Test
  void rejectsUnknownPropertiesNamingTheAcceptedOne() {
    assertThatThrownBy(() -> cls.init(sdb, CheckerOptions.defaults().withProperty("colour", "up")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/dev/sdb")
        .hasMessageContaining("[colour]")
        .hasMessageContaining("[state]");
  }

  @Test
  void rejectsClassOptions() {
    assertThatThrownBy(() -> new NoneCheckerProvider().load(Map.of("groupSize", "4")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("groupSize");
  }

  @Test
  void freeIsIdempotentAndLaterCallsThrowNamingThePath() throws Exception {
    Checker checker = cls.init(sdb, CheckerOptions.defaults());
    checker.free();
    checker.free();
    assertThatThrownBy(checker::check)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/dev/sdb");
    assertThatThrownBy(checker::pending).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(checker::needWait).isInstanceOf(IllegalStateException.class);
    assertThat(((NoneCheckerClass) cls).live()).isZero();
  }

  @Test
  void unloadFreesLiveCheckersAndRefusesInit() throws Exception {
    Checker first = cls.init(sdb, CheckerOptions.defaults());
    Checker second = cls.init(FakeDevice.of("/dev/sde"), CheckerOptions.defaults());
    UnloadResult result = cls.unload();
    assertThat(result.isComplete()).isTrue();
    assertThat(cls.unload()).isSameAs(result);
    assertThatThrownBy(first::check)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/dev/sdb")
        .hasMessageContaining("unloaded");
    assertThatThrownBy(second::check).hasMessageContaining("/dev/sde");
    second.free(); // still idempotent after unload
    assertThatThrownBy(() -> cls.init(sdb, CheckerOptions.defaults()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/dev/sdb");
    assertThatThrownBy(cls::reset).isInstanceOf(IllegalStateException.class);
  }
}
