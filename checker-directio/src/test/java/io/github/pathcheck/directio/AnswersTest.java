package io.github.pathcheck.directio;

import static io.github.pathcheck.directio.SeamHarness.ASYNC;
import static io.github.pathcheck.directio.SeamHarness.SYNC;
import static io.github.pathcheck.directio.SeamHarness.ok;
import static io.github.pathcheck.directio.SeamHarness.shortRead;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.fixtures.FakeDevice;
import io.github.pathcheck.nativeio.Errno;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every answer is one shared constant, so answering allocates nothing, and carries multipath's message. */
class AnswersTest {
  private final SeamHarness h = new SeamHarness();

  @AfterEach
  void unloadHarnesses() {
    SeamHarness.unloadAll();
  }

  @Test
  void asyncAnswersAreConstants() {
    DirectioChecker checker = h.init(SeamHarness.async(Duration.ofSeconds(2)));
    FakeAioContext context = h.context(checker);
    CheckResult started = checker.check();
    assertThat(started).isSameAs(DirectioChecker.WAITING_ON_AIO);
    assertThat(started.state()).isEqualTo(PathState.PENDING);
    assertThat(started.message()).isEqualTo(" is waiting on aio");
    assertThat(checker.pending()).isSameAs(started);
    context.queueBatch(ok(checker));
    assertThat(checker.pending()).isSameAs(CheckResult.UP);

    assertThat(checker.check()).isSameAs(started);
    context.queueBatch(shortRead(checker));
    assertThat(checker.pending()).isSameAs(CheckResult.DOWN);

    assertThat(checker.check()).isSameAs(started);
    h.clock.advance(Duration.ofSeconds(2));
    assertThat(checker.pending()).as("past the deadline").isSameAs(CheckResult.DOWN);
  }

  @Test
  void syncAnswersAreConstants() throws Exception {
    DirectioChecker checker = h.init(SYNC);
    FakeAioContext context = h.context(checker);
    context.queueBatch(ok(checker));
    assertThat(checker.check()).isSameAs(CheckResult.UP);
    context.queueBatch(shortRead(checker));
    assertThat(checker.check()).isSameAs(CheckResult.DOWN);
    context.queueSubmitResult(-Errno.EAGAIN);
    assertThat(checker.check()).isSameAs(DirectioChecker.NOT_AVAILABLE);
    assertThat(DirectioChecker.NOT_AVAILABLE.state()).isEqualTo(PathState.UNCHECKED);
    assertThat(DirectioChecker.NOT_AVAILABLE.message()).isEqualTo(" is not available");
    assertThat(h.directio.init(new FakeDevice(Path.of("/dev/gone"), -1), ASYNC).check())
        .isSameAs(CheckResult.NO_USABLE_FD);
  }
}
