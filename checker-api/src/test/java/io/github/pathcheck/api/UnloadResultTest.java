package io.github.pathcheck.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class UnloadResultTest {

  @Test
  void completeHasNothingOutstandingAndIsReleased() {
    UnloadResult result = UnloadResult.complete();
    assertThat(result.isComplete()).isTrue();
    assertThat(result.outstanding()).isEmpty();
    assertThat(result.released().toCompletableFuture()).isCompleted();
  }

  @Test
  void deferredReportsWhatIsHeldUntilReleased() {
    CompletableFuture<Void> released = new CompletableFuture<>();
    UnloadResult result = UnloadResult.deferred(List.of("1 worker blocked on /dev/sdc"), released);
    assertThat(result.isComplete()).isFalse();
    assertThat(result.outstanding()).containsExactly("1 worker blocked on /dev/sdc");
    assertThat(result.released().toCompletableFuture()).isNotDone();
    released.complete(null);
    assertThat(result.released().toCompletableFuture()).isCompleted();
    assertThat(result.toString()).contains("/dev/sdc");
  }

  @Test
  void deferredNeedsSomethingOutstanding() {
    assertThatThrownBy(() -> UnloadResult.deferred(List.of(), new CompletableFuture<>()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
