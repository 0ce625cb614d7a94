package io.github.pathcheck.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.Comparator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code ./pathcheck} launcher on the packaged CLI: which class-data archive it starts the JVM with, and
 * what a one-shot command loads. The launcher runs from a copy of the repository's layout in {@code target/}
 * that has the packaged jars and no sources, so it never rebuilds; the archive there is made as the build makes
 * its own, for the copy's paths. The JVM's class-loading log says where each class came from.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LauncherIT {
  private static final Path MODULE_TARGET = Path.of("target").toAbsolutePath();
  private static final Path LAUNCHER = MODULE_TARGET.resolve("../../../pathcheck").normalize();
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  private Path root;
  private Path cli;
  private Path archive;
  private Path disk;

  @BeforeAll
  void copyThePackagedCliAndMakeItsArchive() throws Exception {
    assertThat(MODULE_TARGET.resolve("pathcheck-cli.jar"))
        .as("the packaged CLI; build it with ./mvnw -B -pl examples/cli -am verify")
        .isRegularFile();
    root = Files.createTempDirectory(Files.createDirectories(MODULE_TARGET.resolve("it-tmp")), "launcher");
    Files.copy(LAUNCHER, root.resolve("pathcheck"), StandardCopyOption.COPY_ATTRIBUTES);
    cli = Files.createDirectories(root.resolve("examples/cli/target"));
    Files.copy(MODULE_TARGET.resolve("pathcheck-cli.jar"), cli.resolve("pathcheck-cli.jar"));
    Files.createDirectories(cli.resolve("lib"));
    try (Stream<Path> jars = Files.list(MODULE_TARGET.resolve("lib"))) {
      for (Path jar : (Iterable<Path>) jars::iterator) {
        Files.copy(jar, cli.resolve("lib").resolve(jar.getFileName()));
      }
    }
    archive = cli.resolve("pathcheck-cli.jsa");
    Path classList = cli.resolve("pathcheck-cli.classlist");
    Output training =
        run(List.of(
            JAVA, "-XX:DumpLoadedClassList=" + classList, "-XX:TieredStopAtLevel=1", "-XX:+UseG1GC", "-cp",
            cli.resolve("pathcheck-cli.jar").toString(), ArchiveTraining.class.getName(),
            cli.resolve("pathcheck-cli.jsa.jvm").toString(), cli.resolve("training").toString()), Map.of());
    assertThat(training.status).as(training.err).isZero();
    Output dump =
        run(List.of(
            JAVA, "-Xshare:dump", "-XX:+UseG1GC", "-XX:SharedClassListFile=" + classList, "-XX:SharedArchiveFile=" + archive,
            "-Xlog:cds*=off", "-cp", cli.resolve("pathcheck-cli.jar").toString()), Map.of());
    assertThat(dump.status).as(dump.err).isZero();
    assertThat(archive).isRegularFile();
    disk = Files.write(root.resolve("disk.img"), new byte[65536]);
  }

  @AfterAll
  void removeTheCopy() throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(file);
      }
    }
  }

  @Test
  void checksWithTheArchiveAndLoadsNoJnaAndStartsNoProcess() throws Exception {
    Launch launch = launch("check", "--checker", "directio", disk.toString());
    assertThat(launch.output.err).isEmpty();
    assertThat(launch.output.out).isEqualTo(disk + " directio up directio checker reports path is up\n");
    assertThat(launch.source(CheckCommand.class)).isEqualTo("shared objects file");
    assertThat(launch.source(picocli.CommandLine.class)).as("picocli, which FastLane spares it").isEqualTo("(not loaded)");
    assertThat(launch.classes).as("JNA, whose first use runs ldconfig -p").noneMatch(c -> c.contains("com.sun.jna"));
    assertThat(launch.classes).as("a subprocess").noneMatch(c -> c.startsWith("java.lang.ProcessImpl "));
  }

  @ParameterizedTest
  @ValueSource(strings = {"list", "--help", "--version"})
  void theOtherOneShotCommandsStartFromTheArchiveWithoutPicocliOrJna(String command) throws Exception {
    Launch launch = launch(command);
    assertThat(launch.output.err).isEmpty();
    assertThat(launch.source(PathcheckCommand.class)).isEqualTo("shared objects file");
    assertThat(launch.source(picocli.CommandLine.class)).as("picocli").isEqualTo("(not loaded)");
    assertThat(launch.classes).noneMatch(c -> c.contains("com.sun.jna"));
    assertThat(launch.classes).noneMatch(c -> c.startsWith("java.lang.ProcessImpl "));
  }

  @Test
  void argumentsFastLaneLeavesToPicocliStartItFromTheArchive() throws Exception {
    Launch launch = launch("-v", "check", "--checker", "directio", disk.toString());
    assertThat(launch.output.out).isEqualTo(disk + " directio up directio checker reports path is up\n");
    assertThat(launch.source(picocli.CommandLine.class)).as("picocli, Java 5 class files").isEqualTo("shared objects file");
    assertThat(launch.source(CheckCommand.class)).isEqualTo("shared objects file");
  }

  @Test
  void oneShotCommandsCompileWithC1AndLongRunningOnesWithBoth() throws Exception {
    assertThat(flags("check", "--help"))
        .contains("TieredStopAtLevel = 1 ")
        .contains("UsePerfData = false ")
        .contains("UseG1GC = true ");
    assertThat(flags("list", "--help")).contains("TieredStopAtLevel = 1 ").contains("UsePerfData = false ");
    assertThat(flags("watch", "--help")).contains("TieredStopAtLevel = 4 ");
    assertThat(flags("demo", "--help")).contains("TieredStopAtLevel = 4 ");
  }

  @Test
  void oneShotCommandsUseTheArchivedModuleGraph() throws Exception {
    assumeTrue(
        Runtime.version().feature() < 24,
        "from Java 24 the launcher enables native access, which may keep the JVM from the archived module graph");
    Output output =
        run(launcher("check", "--checker", "directio", disk.toString()), Map.of("PATHCHECK_JAVA_OPTS", "-Xlog:cds=info"));
    assertThat(output.status).as(output.err).isZero();
    assertThat(output.out)
        .as("the JVM's class-data log: the module system starts from the module graph in the archive's heap")
        .contains("full module graph: enabled");
  }

  @Test
  void leavesOutAnArchiveMadeForAnotherJvm() throws Exception {
    Path jvm = cli.resolve("pathcheck-cli.jsa.jvm");
    String made = Files.readString(jvm);
    Files.writeString(jvm, System.getProperty("java.home") + "\n0.0.0+0-elsewhere\n");
    try {
      assertCheckedWithoutTheArchive(launch("check", "--checker", "directio", disk.toString()));
    } finally {
      Files.writeString(jvm, made);
    }
  }

  @Test
  void leavesOutAnArchiveOlderThanAJar() throws Exception {
    Path jar = cli.resolve("lib/picocli-4.7.7.jar");
    FileTime copied = Files.getLastModifiedTime(jar);
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
    try {
      assertCheckedWithoutTheArchive(launch("check", "--checker", "directio", disk.toString()));
    } finally {
      Files.setLastModifiedTime(jar, copied);
    }
  }

  @Test
  void runsQuietlyWithoutAnArchiveTheJvmRefuses() throws Exception {
    Path aside = Files.move(archive, root.resolve("aside.jsa"));
    try {
      Files.write(archive, "not a class-data archive".repeat(200).getBytes(StandardCharsets.US_ASCII));
      assertCheckedWithoutTheArchive(launch("check", "--checker", "directio", disk.toString()));
    } finally {
      Files.move(aside, archive, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private void assertCheckedWithoutTheArchive(Launch launch) {
    assertThat(launch.output.err).as("nothing said about the archive").isEmpty();
    assertThat(launch.output.out).isEqualTo(disk + " directio up directio checker reports path is up\n");
    assertThat(launch.source(CheckCommand.class)).startsWith("file:").endsWith("pathcheck-cli.jar");
  }

  /**
   * The JVM's final flags for a launch of {@code args}, as on a machine of one CPU, where the JVM's own choice of
   * collector would be the serial one.
   */
  private String flags(String... args) throws Exception {
    Output output =
        run(launcher(args), Map.of("PATHCHECK_JAVA_OPTS", "-XX:+PrintFlagsFinal -XX:ActiveProcessorCount=1"));
    assertThat(output.status).as(output.err).isZero();
    return output.out.replaceAll(" +", " ");
  }

  /** Runs the copied launcher with the JVM's class-loading log in a file of its own. */
  private Launch launch(String... args) throws Exception {
    Path log = Files.createTempFile(root, "classes-", ".log");
    Output output = run(launcher(args), Map.of("PATHCHECK_JAVA_OPTS", "-Xlog:class+load:file=" + log));
    assertThat(output.status).as(output.err).isZero();
    return new Launch(output, Files.readAllLines(log));
  }

  private List<String> launcher(String... args) {
    List<String> command = new ArrayList<>(List.of("bash", root.resolve("pathcheck").toString()));
    command.addAll(List.of(args));
    return command;
  }

  /** Runs {@code command} with this JVM's {@code java} first on the PATH and {@code env} added. */
  private Output run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("PATH", Path.of(JAVA).getParent() + ":" + System.getenv("PATH"));
    builder.environment().putAll(env);
    Path out = Files.createTempFile(root == null ? MODULE_TARGET : root, "out-", ".txt");
    Path err = Files.createTempFile(root == null ? MODULE_TARGET : root, "err-", ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished within 120 s", command).isTrue();
    } finally {
      process.destroyForcibly();
    }
    Output output = new Output(process.exitValue(), read(out), read(err));
    Files.delete(out);
    Files.delete(err);
    return output;
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private record Output(int status, String out, String err) {}

  private record Launch(Output output, List<String> classes) {
    /** Where the log says {@code type} was loaded from: "shared objects file", or its jar's URL. */
    String source(Class<?> type) {
      String prefix = " " + type.getName() + " source: ";
      return classes.stream()
          .filter(line -> line.contains(prefix))
          .map(line -> line.substring(line.indexOf(prefix) + prefix.length()))
          .findFirst()
          .orElse("(not loaded)");
    }
  }
}
