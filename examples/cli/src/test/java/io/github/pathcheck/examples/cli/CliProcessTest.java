package io.github.pathcheck.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pathcheck.testkit.TargetTempDirFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bounds of {@link CliProcess}, which keep a CLI that misbehaves from hanging a test. */
class CliProcessTest {
  @TempDir(factory = TargetTempDirFactory.class)
  Path dir;

  @Test
  void aLineThatNeverComesFailsAtTheBoundInsteadOfHanging() throws Exception {
    Path disk = Files.write(dir.resolve("disk.img"), new byte[4096]);
    CliProcess watch =
        CliProcess.start(dir.resolve("err.txt"), "watch", "--checker", "none", "--interval", "60", disk.toString());
    try (watch) {
      watch.awaitLine(line -> line.contains(disk.toString())); // the first answer; the next is a minute away
      assertThatThrownBy(() -> watch.awaitLine(line -> true, Duration.ofMillis(500)))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("the CLI printed no such line within 500 ms and was killed");
    }
  }

  @Test
  void closeReturnsOnceTheProcessHasExited() throws Exception {
    Path disk = Files.write(dir.resolve("disk.img"), new byte[4096]);
    CliProcess watch =
        CliProcess.start(dir.resolve("err.txt"), "watch", "--checker", "none", "--interval", "60", disk.toString());
    watch.awaitLine(line -> line.contains(disk.toString()));
    ProcessHandle handle = watch.handle();

    watch.close();

    assertThat(handle.isAlive()).isFalse();
  }
}
