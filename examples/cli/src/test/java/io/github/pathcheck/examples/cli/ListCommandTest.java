package io.github.pathcheck.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListCommandTest {

  @Test
  void listsTheBuiltInNoneChecker() {
    CliRun run = CliRun.of("list");
    assertThat(run.exitCode).isZero();
    assertThat(run.out.lines().findFirst()).hasValueSatisfying(
        header -> assertThat(header.split("\\s+")).containsExactly("NAME", "MODE", "SPI", "ORIGIN"));
    assertThat(run.out).containsPattern("(?m)^none\\s+sync\\s+1\\.0\\s+built-in$");
    assertThat(run.out).containsPattern("(?m)^directio\\s+async\\s+1\\.0\\s+class path$");
    assertThat(run.out).containsPattern("(?m)^tur\\s+sync\\s+1\\.0\\s+class path$");
  }

  @Test
  void printsJsonForScripts() {
    CliRun run = CliRun.of("list", "--json");
    assertThat(run.exitCode).isZero();
    assertThat(run.out.strip()).startsWith("[").endsWith("]");
    assertThat(run.out).contains("{\"name\": \"none\", \"origin\": ").contains("\"mode\": \"sync\", \"spi\": \"1.0\"}");
  }

  @Test
  void warnsAboutAJarThatIsNotAPluginAndStillLists(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("not-a-plugin.jar"), new byte[] {'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0});
    CliRun run = CliRun.of("list", "--plugin-dir", dir.toString());
    assertThat(run.exitCode).isZero();
    assertThat(run.err).contains("warning").contains("not-a-plugin.jar");
    assertThat(run.out).contains("none");
  }

  @Test
  void missingPluginDirIsAOneLineErrorNamingIt(@TempDir Path dir) {
    Path missing = dir.resolve("no-such-dir");
    CliRun run = CliRun.of("list", "--plugin-dir", missing.toString());
    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err).startsWith("pathcheck: ").contains(missing.toString());
    assertThat(run.err.lines()).hasSize(1);
  }
}
