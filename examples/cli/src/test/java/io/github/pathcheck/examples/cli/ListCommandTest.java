package io.github.pathcheck.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.brokeninit.BrokenInitCheckerProvider;
import com.example.brokenload.BrokenLoadCheckerProvider;
import com.example.ghost.GhostCheckerProvider;
import io.github.pathcheck.testkit.PluginJars;
import io.github.pathcheck.testkit.TargetTempDirFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

  private static Path plugin(Path dir, Class<? extends io.github.pathcheck.api.CheckerProvider> provider,
      String jarName) throws IOException {
    return Files.copy(PluginJars.packageOf(provider), dir.resolve(jarName));
  }

  @Test
  void aCheckerWhoseLoadThrowsIsListedBrokenWithWhyAndTheOthersStill(@TempDir Path dir) throws IOException {
    Path broken = plugin(dir, BrokenLoadCheckerProvider.class, "brokenload.jar");
    plugin(dir, GhostCheckerProvider.class, "ghost.jar");

    CliRun run = CliRun.of("list", "--plugin-dir", dir.toString());
    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out).containsPattern("(?m)^brokenload\\s+broken\\s+1\\.0\\s+" + broken + "$");
    assertThat(run.out).containsPattern("(?m)^ghost\\s+sync\\s+1\\.0\\s+");
    assertThat(run.out).containsPattern("(?m)^tur\\s+sync\\s+1\\.0\\s+class path$");
    assertThat(run.err.lines())
        .singleElement()
        .asString()
        .startsWith("pathcheck: warning: ")
        .contains("brokenload")
        .contains(broken.toString())
        .contains("load fails on purpose");

    CliRun json = CliRun.of("list", "--json", "--plugin-dir", dir.toString());
    assertThat(json.exitCode).isZero();
    assertThat(json.out)
        .containsPattern("\\{\"name\": \"brokenload\", [^}]*\"mode\": \"broken\", \"spi\": \"1.0\", \"problem\": \"[^\"]*load fails on purpose")
        .containsPattern("\\{\"name\": \"ghost\", [^}]*\"spi\": \"1.0\"\\}");
  }

  @Test
  void aProviderWhoseStaticInitialiserThrowsIsOneWarningLineWithoutAStackTrace(
      @TempDir(factory = TargetTempDirFactory.class) Path dir) throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Path broken = plugin(plugins, BrokenInitCheckerProvider.class, "brokeninit.jar");
    plugin(plugins, GhostCheckerProvider.class, "ghost.jar");
    try (CliProcess list = CliProcess.start(dir.resolve("err.txt"), "list", "--plugin-dir", plugins.toString())) {
      assertThat(list.awaitExit(CliProcess.BOUND)).as(list.err()).isZero();
      assertThat(list.lines()).anyMatch(line -> line.startsWith("ghost "));
      assertThat(list.err().lines())
          .singleElement()
          .asString()
          .startsWith("pathcheck: warning: plugin " + broken + " failed and is skipped: ")
          .contains("static initialiser fails on purpose");
    }
  }

  @Test
  void aPluginOthersCouldHaveWrittenIsRefusedInOneLineUnlessAllowed(@TempDir Path dir) throws IOException {
    Path ghost = plugin(dir, GhostCheckerProvider.class, "ghost.jar");
    Files.setPosixFilePermissions(ghost, PosixFilePermissions.fromString("rw-rw-rw-"));

    CliRun refused = CliRun.of("list", "--plugin-dir", dir.toString());
    assertThat(refused.exitCode).isZero();
    assertThat(refused.out).doesNotContainPattern("(?m)^ghost ");
    assertThat(refused.err.lines())
        .singleElement()
        .asString()
        .startsWith("pathcheck: warning: plugin " + ghost + " is refused as untrusted: ")
        .contains("chmod go-w " + ghost);

    CliRun allowed = CliRun.of("list", "--allow-untrusted-plugins", "--plugin-dir", dir.toString());
    assertThat(allowed.exitCode).isZero();
    assertThat(allowed.out).containsPattern("(?m)^ghost\\s+sync\\s+");
    assertThat(allowed.err).isEmpty();
  }

  @Test
  void aLinkBackToThePluginDirectoryStopsNoCommand(@TempDir Path dir) throws IOException {
    plugin(dir, GhostCheckerProvider.class, "ghost.jar");
    Path self = Files.createSymbolicLink(dir.resolve("x"), Path.of("."));
    Path disk = Files.write(Files.createTempFile("disk", ".img"), new byte[4096]);
    try {
      CliRun check = CliRun.of("check", "--checker", "ghost", "--plugin-dir", dir.toString(), disk.toString());
      assertThat(check.exitCode).as(check.err).isZero();
      assertThat(check.out).contains(disk + " ghost ghost");
      assertThat(check.err.lines())
          .singleElement()
          .asString()
          .startsWith("pathcheck: warning: plugin directory entry " + self + " is skipped");
    } finally {
      Files.delete(disk);
    }
  }
}
