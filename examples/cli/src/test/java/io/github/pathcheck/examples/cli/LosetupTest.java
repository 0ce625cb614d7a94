package io.github.pathcheck.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@link Losetup} runs its command: the output, a failure, and a command that hangs. */
class LosetupTest {
  private static final Path SUBJECT = Path.of("/dev/loop-under-test");

  @Test
  void returnsTheTrimmedOutputOfACommandThatSucceeds() throws IOException {
    assertThat(Losetup.run(List.of("sh", "-c", "echo ' /dev/loop7 '"), SUBJECT, Duration.ofSeconds(30)))
        .isEqualTo("/dev/loop7");
  }

  @Test
  void aFailureNamesTheCommandItsExitCodeAndItsOutput() {
    assertThatThrownBy(() -> Losetup.run(List.of("sh", "-c", "echo no such device >&2; exit 3"), SUBJECT,
            Duration.ofSeconds(30)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("exit 3")
        .hasMessageContaining("no such device");
  }

  /** A command that hangs with its output open is killed at the bound, not read to an end that never comes. */
  @Test
  void aCommandThatHangsIsKilledAtTheTimeout() {
    assertThatThrownBy(() -> Losetup.run(List.of("sleep", "600"), SUBJECT, Duration.ofMillis(200)))
        .isInstanceOf(IOException.class)
        .hasMessage("sleep 600 did not finish within 200 ms; killed it");
  }
}
