package io.github.pathcheck.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CheckerMessagesTest {

  @Test
  void genericMessagesAreMultipathStrings() {
    assertThat(CheckerMessages.PATH_UP).isEqualTo(" reports path is up");
    assertThat(CheckerMessages.NO_USABLE_FD).isEqualTo(" has no usable fd");
    assertThat(CheckerMessages.UNSUPPORTED_DEVICE).isEqualTo(" doesn't support this device");
  }

  @Test
  void forStateMapsOnlyFinalGenericStates() {
    assertThat(CheckerMessages.forState(PathState.UP)).isEqualTo(CheckerMessages.PATH_UP);
    assertThat(CheckerMessages.forState(PathState.DOWN)).isEqualTo(CheckerMessages.PATH_DOWN);
    assertThat(CheckerMessages.forState(PathState.GHOST)).isEqualTo(CheckerMessages.PATH_GHOST);
    assertThat(CheckerMessages.forState(PathState.PENDING)).isEmpty();
    assertThat(CheckerMessages.forState(PathState.WILD)).isEmpty();
  }
}
