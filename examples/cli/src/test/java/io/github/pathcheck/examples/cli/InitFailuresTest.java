package io.github.pathcheck.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.api.CheckerInitException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InitFailuresTest {
  private static final Path PATH = Path.of("/dev/sdq");

  @Test
  void aReasonThatStartsWithThePathLosesIt() {
    String line =
        "cannot watch " + PATH + ": "
            + InitFailures.reason(PATH, new CheckerInitException(PATH + ": directio cannot set O_DIRECT"));
    assertThat(line).isEqualTo("cannot watch /dev/sdq: directio cannot set O_DIRECT");
  }

  @Test
  void anyOtherReasonIsKeptWhole() {
    assertThat(InitFailures.reason(PATH, new CheckerInitException("init of /dev/sdq timed out")))
        .isEqualTo("init of /dev/sdq timed out");
    assertThat(InitFailures.reason(PATH, new CheckerInitException(null))).isEqualTo("null");
  }
}
