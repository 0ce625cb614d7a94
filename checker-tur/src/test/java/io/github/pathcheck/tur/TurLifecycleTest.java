package io.github.pathcheck.tur;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.UnloadResult;
import io.github.pathcheck.fixtures.FakeDevice;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Free, reset and unload, also while a check is blocked in the device. */
class TurLifecycleTest extends TurSeamTest {
  private static final CheckerOptions SYNC =
      CheckerOptions.defaults().withTimeout(Duration.ofSeconds(10)).withMode(CheckMode.SYNC);

  private final FakeDevice device = FakeDevice.of("/dev/sdf");

  @Test
  void freeIsIdempotentAndEveryOtherCallThenThrows() throws Exception {
    Checker checker = turClass.init(device, SYNC);
    checker.check();

    checker.free();
    checker.free();

    assertThatThrownBy(checker::check)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the tur checker for /dev/sdf was freed; init a new one");
    assertThatThrownBy(checker::pending).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(checker::needWait).isInstanceOf(IllegalStateException.class);
    assertThat(transport.calls(device)).isEqualTo(1);
    assertThat(turClass.unload().isComplete()).isTrue();
  }

  @Test
  void unloadDuringACheckIsDeferredUntilItReturns() throws Exception {
    FakeTransport.Gate gate = block(device, Sg.good());
    Checker checker = turClass.init(device, SYNC);
    CompletableFuture<CheckResult> answer = checkOnAnotherThread(checker);
    gate.awaitEntered();

    UnloadResult result = turClass.unload();

    assertThat(result.isComplete()).isFalse();
    assertThat(result.outstanding()).singleElement().asString().contains("tur", "/dev/sdf");
    CompletableFuture<Void> released = result.released().toCompletableFuture();
    assertThat(released).isNotDone();
    assertThat(turClass.unload()).as("idempotent").isSameAs(result);
    assertThatThrownBy(() -> turClass.init(device, SYNC))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("class was unloaded");
    assertThatThrownBy(turClass::reset).isInstanceOf(IllegalStateException.class);

    gate.release();
    released.get();

    assertThat(answer.get()).as("the caller still gets its answer").isEqualTo(CheckResult.UP);
    assertThatThrownBy(checker::check)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the tur checker for /dev/sdf was freed when its class was unloaded; init a new one");
    checker.free(); // still allowed
  }

  @Test
  void unloadNamesEveryPathWithACheckInFlight() throws Exception {
    FakeDevice other = FakeDevice.of("/dev/sdg");
    FakeTransport.Gate a = block(device, Sg.good());
    FakeTransport.Gate b = block(other, Sg.good());
    CompletableFuture<CheckResult> first = checkOnAnotherThread(turClass.init(device, SYNC));
    CompletableFuture<CheckResult> second = checkOnAnotherThread(turClass.init(other, SYNC));
    Checker idle = turClass.init(FakeDevice.of("/dev/sdh"), SYNC);
    a.awaitEntered();
    b.awaitEntered();

    UnloadResult result = turClass.unload();

    assertThat(String.join("\n", result.outstanding()))
        .contains("/dev/sdf", "/dev/sdg")
        .doesNotContain("/dev/sdh");
    assertThatThrownBy(idle::check).isInstanceOf(IllegalStateException.class);
    a.release();
    first.get();
    assertThat(result.released().toCompletableFuture()).isNotDone();
    b.release();
    result.released().toCompletableFuture().get();
    assertThat(second.get()).isEqualTo(CheckResult.UP);
  }

  @Test
  void unloadWithNothingRunningIsComplete() throws Exception {
    Checker checker = turClass.init(device, SYNC);
    checker.check();

    UnloadResult result = turClass.unload();

    assertThat(result.isComplete()).isTrue();
    assertThat(result.released().toCompletableFuture()).isCompleted();
    assertThatThrownBy(checker::check).isInstanceOf(IllegalStateException.class);
    checker.free(); // still allowed
  }

  @Test
  void resetKeepsCheckersWorking() throws Exception {
    Checker checker = turClass.init(device, SYNC);

    turClass.reset();

    assertThat(checker.check()).isEqualTo(CheckResult.UP);
  }

  @Test
  void initRejectsProperties() throws Exception {
    assertThatThrownBy(() -> turClass.init(device, SYNC.withProperty("retries", "3")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the tur checker for /dev/sdf has no property [retries]; it takes none");
  }
}
