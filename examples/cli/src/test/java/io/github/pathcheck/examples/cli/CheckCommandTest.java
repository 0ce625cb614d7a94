package io.github.pathcheck.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.testkit.TargetTempDirFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {

  @Test
  void printsPathCheckerStateAndMessage(@TempDir(factory = TargetTempDirFactory.class) Path dir) throws IOException {
    Path disk = Files.write(dir.resolve("disk"), new byte[4096]);
    CliRun run = CliRun.of("check", "--checker", "none", disk.toString());
    assertThat(run.exitCode).isZero();
    assertThat(run.out).isEqualTo(disk + " none up none checker reports path is up" + System.lineSeparator());
  }

  @Test
  void printsJsonForScripts(@TempDir(factory = TargetTempDirFactory.class) Path dir) throws IOException {
    Path disk = Files.write(dir.resolve("disk \"1\""), new byte[4096]);
    CliRun run = CliRun.of("check", "--checker", "none", "--async", "--json", disk.toString());
    assertThat(run.exitCode).isZero();
    assertThat(run.out)
        .contains("{\"path\": " + Json.string(disk.toString()) + ", \"checker\": \"none\", \"state\": \"up\", "
            + "\"message\": \"none checker reports path is up\"}");
  }

  @Test
  void aPathThatCannotBeOpenedIsAOneLineErrorNamingItAndTheOthersAreStillChecked(@TempDir(factory = TargetTempDirFactory.class) Path dir)
      throws IOException {
    Path disk = Files.write(dir.resolve("disk"), new byte[4096]);
    Path missing = dir.resolve("missing");
    CliRun run = CliRun.of("check", "--checker", "none", missing.toString(), disk.toString());
    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err.lines()).singleElement().asString().startsWith("pathcheck: ").contains(missing.toString())
        .contains("ENOENT");
    assertThat(run.out).contains(disk + " none up");
  }

  @Test
  void anUnknownCheckerIsAOneLineErrorNamingIt(@TempDir(factory = TargetTempDirFactory.class) Path dir) throws IOException {
    Path disk = Files.write(dir.resolve("disk"), new byte[4096]);
    CliRun run = CliRun.of("check", "--checker", "nosuch", disk.toString());
    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err.lines()).singleElement().asString().contains("nosuch");
  }

  @Test
  void directioReadsAFileUpAndAnEmptyOneDown(@TempDir(factory = TargetTempDirFactory.class) Path dir) throws IOException {
    Path disk = Files.write(dir.resolve("disk"), new byte[8192]);
    Path empty = Files.write(dir.resolve("empty"), new byte[0]);
    for (String mode : new String[] {"--async", "--timeout=30"}) {
      CliRun run = CliRun.of("check", "--checker", "directio", mode, disk.toString(), empty.toString());
      assertThat(run.exitCode).as(run.err).isZero();
      assertThat(run.out.lines())
          .containsExactly(
              disk + " directio up directio checker reports path is up",
              empty + " directio down directio checker reports path is down");
    }
  }
}
