package io.github.pathcheck.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PathStateTest {

  @Test
  void statesKeepMultipathOrderAndNames() {
    assertThat(Arrays.stream(PathState.values()).map(PathState::toString))
        .containsExactly(
            "wild", "unchecked", "down", "up", "shaky", "ghost", "pending", "timeout", "removed",
            "delayed", "disconnected");
    assertThat(PathState.UP.ordinal()).isEqualTo(3);
    assertThat(PathState.DISCONNECTED.ordinal()).isEqualTo(10);
  }

  @Test
  void displayNameIsToString() {
    for (PathState state : PathState.values()) {
      assertThat(state.displayName()).isEqualTo(state.toString());
    }
  }
}
