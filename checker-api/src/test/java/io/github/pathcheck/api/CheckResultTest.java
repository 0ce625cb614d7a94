package io.github.pathcheck.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CheckResultTest {

  @Test
  void constantsAreMultipathsGenericMessageTable() {
    assertThat(CheckResult.UP.state()).isEqualTo(PathState.UP);
    assertThat(CheckResult.UP.message()).isEqualTo(" reports path is up");
    assertThat(CheckResult.DOWN.message()).isEqualTo(" reports path is down");
    assertThat(CheckResult.GHOST.message()).isEqualTo(" reports path is ghost");
    assertThat(CheckResult.NO_USABLE_FD.state()).isEqualTo(PathState.WILD);
    assertThat(CheckResult.NO_USABLE_FD.message()).isEqualTo(" has no usable fd");
    assertThat(CheckResult.UNSUPPORTED_DEVICE.message()).isEqualTo(" doesn't support this device");
    assertThat(CheckResult.PENDING.isPending()).isTrue();
    assertThat(CheckResult.UP.isPending()).isFalse();
  }

  @Test
  void equalWhenStateAndMessageAre() {
    assertThat(CheckResult.of(PathState.UP, CheckerMessages.PATH_UP)).isEqualTo(CheckResult.UP);
    assertThat(CheckResult.of(PathState.UP, CheckerMessages.PATH_UP).hashCode()).isEqualTo(CheckResult.UP.hashCode());
    assertThat(CheckResult.of(PathState.UP, "")).isNotEqualTo(CheckResult.UP);
    assertThat(CheckResult.of(PathState.DOWN, CheckerMessages.PATH_UP)).isNotEqualTo(CheckResult.UP);
  }

  @Test
  void aMessageFollowsTheCheckersNameSoStartsWithASpace() {
    assertThatThrownBy(() -> CheckResult.of(PathState.UP, "reports path is up"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("starts with a space");
    assertThat(CheckResult.of(PathState.UP, "").message()).isEmpty();
  }

  @Test
  void toStringShowsStateAndMessage() {
    assertThat(CheckResult.UP).hasToString("up: reports path is up");
    assertThat(CheckResult.PENDING).hasToString("pending");
  }
}
