package io.github.pathcheck.examples.readsector0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.loader.CheckerDescriptor;
import io.github.pathcheck.loader.CheckerHandle;
import io.github.pathcheck.loader.CheckerRegistry;
import io.github.pathcheck.loader.PathChecker;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import io.github.pathcheck.testkit.ScratchDisk;
import io.github.pathcheck.testkit.TargetTempDirFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outsider's path, after {@code package}: the built jar, in its plugin directory, loaded by the host's
 * registry and by the real CLI in a process of its own. Neither has the plugin on its class path (failsafe is
 * configured to leave it off this test's class path).
 */
class Readsector0PluginIT {
  private static final Path PLUGIN_DIRECTORY = Path.of(System.getProperty("readsector0.pluginDirectory"));
  private static final Path PLUGIN_JAR = Path.of(System.getProperty("readsector0.pluginJar"));
  private static final Path CLI_TARGET = Path.of(System.getProperty("pathcheck.cliDirectory"));

  @TempDir(factory = TargetTempDirFactory.class)
  Path dir;

  @Test
  void theJarsManifestNamesTheSpiVersionOfTheApiItWasBuiltWith() throws Exception {
    try (JarFile jar = new JarFile(PLUGIN_JAR.toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue(CheckerProvider.SPI_VERSION_ATTRIBUTE))
          .as("%s in the manifest of %s (the pom's pathcheck.spi.version)",
              CheckerProvider.SPI_VERSION_ATTRIBUTE, PLUGIN_JAR)
          .isEqualTo(CheckerProvider.SPI_VERSION);
    }
  }

  @Test
  void theHostLoadsTheJarFromItsPluginDirectoryChecksAFileAndUnloadsIt() throws Exception {
    assertThatThrownBy(() -> Class.forName(Readsector0PluginIT.class.getPackageName() + ".Readsector0Checker"))
        .as("the plugin must not be on the host's class path")
        .isInstanceOf(ClassNotFoundException.class);
    try (CheckerRegistry registry = CheckerRegistry.builder().pluginDirectory(PLUGIN_DIRECTORY).build()) {
      assertThat(registry.problems()).isEmpty();
      CheckerDescriptor descriptor =
          registry.available().stream().filter(d -> d.name().equals("readsector0")).findFirst().orElseThrow();
      assertThat(descriptor.origin()).isEqualTo(PLUGIN_JAR.toString());
      assertThat(descriptor.isPlugin()).isTrue();
      assertThat(descriptor.spiVersion()).isEqualTo(CheckerProvider.SPI_VERSION);

      CheckerHandle handle = registry.acquire("readsector0");
      try (handle;
          ScratchDisk disk = ScratchDisk.create(dir, 1 << 20);
          LinuxPathDevice device = LinuxPathDevice.open(disk.path());
          PathChecker checker = handle.init(device, CheckerOptions.defaults())) {
        assertThat(checker.checkerName()).isEqualTo("readsector0");
        assertThat(checker.checkAndWait()).as("a file takes no SCSI commands").isEqualTo(CheckResult.DOWN);
      }
      // The last handle is closed: it inits no more checkers, and the unloaded class releases everything.
      try (LinuxPathDevice jar = LinuxPathDevice.open(PLUGIN_JAR)) {
        assertThatIllegalStateException().isThrownBy(() -> handle.init(jar, CheckerOptions.defaults()));
      }
      registry.whenUnloadsReleased().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void theCliListsTheJarOnlyFromItsPluginDirectory() throws Exception {
    String listed = cli("list", "--plugin-dir", PLUGIN_DIRECTORY.toString());
    assertThat(listed.lines()).anySatisfy(line -> assertThat(line.split(" +")).containsExactly(
        "readsector0", "sync", CheckerProvider.SPI_VERSION, PLUGIN_JAR.toString()));
    assertThat(cli("list")).doesNotContain("readsector0");
  }

  @Test
  void theCliChecksAFileWithThePlugin() throws Exception {
    try (ScratchDisk disk = ScratchDisk.create(dir, 1 << 20)) {
      String checked =
          cli("check", "--plugin-dir", PLUGIN_DIRECTORY.toString(), "--checker", "readsector0",
              disk.path().toString());
      assertThat(checked)
          .isEqualTo(disk.path() + " readsector0 down readsector0 checker reports path is down\n");
    }
  }

  /** Runs the packaged CLI as {@code ./pathcheck} does and returns its output; fails on a non-zero exit. */
  private String cli(String... args) throws Exception {
    Path jar = CLI_TARGET.resolve("pathcheck-cli.jar");
    assertThat(jar)
        .as("the packaged CLI; build it with ./mvnw -B -pl examples/readsector0-plugin -am verify")
        .isRegularFile();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", jar + ":" + CLI_TARGET.resolve("lib") + "/*",
        "io.github.pathcheck.examples.cli.PathcheckCommand"));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "cli-", ".out");
    Path err = Files.createTempFile(dir, "cli-", ".err");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the CLI %s finished within 60 s", command).isTrue();
    } finally {
      process.destroyForcibly();
    }
    assertThat(process.exitValue())
        .as("exit code of %s; stderr:%n%s", command, Files.readString(err, StandardCharsets.UTF_8))
        .isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }
}
