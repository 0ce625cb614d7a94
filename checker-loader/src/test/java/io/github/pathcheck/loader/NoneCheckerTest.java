package io.github.pathcheck.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerMessages;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.api.UnloadResult;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoneCheckerTest {
  private final CheckerClass cls = new NoneCheckerProvider().load(Map.of());
  private final TestDevice sdb = TestDevice.of("/dev/sdb");

  @Test
  void isNamedNoneAndSynchronous() {
    assertThat(new NoneCheckerProvider().name()).isEqualTo("none");
    assertThat(cls.name()).isEqualTo("none");
    assertThat(cls.isAsyncCapable()).isFalse();
  }

  @Test
  void reportsUpByDefault() throws Exception {
    Checker checker = cls.init(sdb, CheckerOptions.defaults());
    assertThat(checker.check()).isEqualTo(PathState.UP);
    assertThat(checker.message()).isEqualTo(CheckerMessages.PATH_UP);
    assertThat(checker.pending()).isEqualTo(PathState.UP);
    assertThat(checker.needWait()).isFalse();
  }

  @Test
  void reportsTheConfiguredState() throws Exception {
    for (PathState state : PathState.values()) {
      Checker checker =
          cls.init(sdb, CheckerOptions.defaults().withProperty("state", state.displayName()));
      assertThat(checker.check()).isEqualTo(state);
      assertThat(checker.message()).isEqualTo(CheckerMessages.forState(state));
      checker.free();
    }
  }

  @Test
  void beforeTheFirstCheckPendingIsUncheckedAndThereIsNoMessage() throws Exception {
    Checker checker = cls.init(sdb, CheckerOptions.defaults().withProperty("state", "ghost"));
    assertThat(checker.pending()).isEqualTo(PathState.UNCHECKED);
    assertThat(checker.message()).isEqualTo(CheckerMessages.NONE);
    checker.check();
    assertThat(checker.pending()).isEqualTo(PathState.GHOST);
  }

  @Test
  void aDeviceWithoutFdIsWild() throws Exception {
    Checker checker = cls.init(new TestDevice(Path.of("/dev/sdc"), -1), CheckerOptions.defaults());
    assertThat(checker.check()).isEqualTo(PathState.WILD);
    assertThat(checker.message()).isEqualTo(CheckerMessages.NO_USABLE_FD);
    assertThat(checker.pending()).isEqualTo(PathState.WILD);
  }

  @Test
  void fdZeroIsUsable() throws Exception {
    Checker checker = cls.init(new TestDevice(Path.of("/dev/sdd"), 0), CheckerOptions.defaults());
    assertThat(checker.check()).isEqualTo(PathState.UP);
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
        .hasMessageContaining("colour")
        .hasMessageContaining("'state'");
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
    checker.close();
    assertThatThrownBy(checker::check)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/dev/sdb");
    assertThatThrownBy(checker::pending).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(checker::needWait).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(checker::message).isInstanceOf(IllegalStateException.class);
    assertThat(((NoneCheckerClass) cls).liveCheckers()).isZero();
  }

  @Test
  void unloadFreesLiveCheckersAndRefusesInit() throws Exception {
    Checker first = cls.init(sdb, CheckerOptions.defaults());
    Checker second = cls.init(TestDevice.of("/dev/sde"), CheckerOptions.defaults());
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
