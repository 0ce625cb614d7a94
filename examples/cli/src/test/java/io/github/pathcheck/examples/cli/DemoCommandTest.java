package io.github.pathcheck.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.ghost.GhostCheckerProvider;
import io.github.pathcheck.testkit.PluginJars;
import io.github.pathcheck.testkit.PrivilegedTests;
import io.github.pathcheck.testkit.ResourceSnapshot;
import io.github.pathcheck.testkit.TargetTempDirFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pathcheck demo} in this JVM on scratch disks under a test directory: the transitions it prints, its
 * table, and what it leaves behind (nothing). As root it also makes loop devices, and those are detached.
 */
class DemoCommandTest {
  private static final String TIME = "\\d\\d:\\d\\d:\\d\\d\\.\\d{3}";
  /** How long the checkers' threads may take to end after the demo has released them. */
  private static final Duration LEAK_MARGIN = Duration.ofSeconds(10);

  @TempDir(factory = TargetTempDirFactory.class)
  Path scratch;

  private ResourceSnapshot before;

  /** The first run loads the native layer and opens the jars a JVM keeps open: not the demo's to release. */
  @BeforeAll
  static void warmUp() throws IOException {
    Path dir = Files.createDirectories(Path.of("target", "test-tmp"));
    Path warmUp = Files.createTempDirectory(dir, "warm-up");
    CliRun run = CliRun.of("demo", "--no-loop", "--interval", "0.05", "--scratch-dir", warmUp.toString());
    assertThat(run.exitCode).as(run.err).isZero();
    Files.delete(warmUp);
  }

  @BeforeEach
  void recordStart() {
    before = ResourceSnapshot.take();
  }

  private CliRun demo(String... more) {
    List<String> args =
        Stream.concat(
                Stream.of("demo", "--interval", "0.05", "--scratch-dir", scratch.toString()), Stream.of(more))
            .collect(Collectors.toList());
    return CliRun.of(args.toArray(String[]::new));
  }

  private void assertNothingLeft() throws Exception {
    try (Stream<Path> left = Files.list(scratch)) {
      assertThat(left).as("what the demo left in its scratch directory").isEmpty();
    }
    assertThat(loopDevicesOver(scratch)).as("loop devices over the scratch disks").isEmpty();
    assertThat(ResourceSnapshot.leaksSince(before, LEAK_MARGIN)).as("what the demo left behind").isEmpty();
  }

  @Test
  void takesTheTruncatedDiskDownAndUpShowsEveryCheckerAndLeavesNothingBehind() throws Exception {
    CliRun run = demo("--no-loop");

    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.err).isEmpty();
    List<String> lines = run.out.lines().collect(Collectors.toList());
    String down = TIME + " \\S+/directio\\.img directio up -> down directio checker reports path is down";
    String up = TIME + " \\S+/directio\\.img directio down -> up directio checker reports path is up";
    int truncate = indexOf(lines, TIME + " truncate \\S+/directio\\.img to 0 bytes");
    int wentDown = indexOf(lines, down);
    int restore = indexOf(lines, TIME + " restore \\S+/directio\\.img \\(65536 bytes\\)");
    int cameUp = indexOf(lines, up);
    assertThat(List.of(truncate, wentDown, restore, cameUp)).as(run.out).doesNotContain(-1).isSorted();
    for (String checker : List.of("ana", "cciss_tur", "directio", "emc_clariion", "hp_sw", "none", "rdac", "tur")) {
      assertThat(lines)
          .as("the first answer of the %s checker", checker)
          .anyMatch(l -> l.matches(TIME + " \\S+/" + checker + "\\.img " + checker + " unchecked -> \\w+ .*"));
    }

    assertThat(lines).anyMatch(l -> l.matches("PATH +KIND +CHECKER +STATE +LATENCY +MESSAGE"));
    assertThat(lines)
        .anyMatch(l -> l.matches("\\S+/directio\\.img +file +directio +up +\\d+\\.\\d\\d ms +directio checker reports path is up"))
        .anyMatch(l -> l.matches("\\S+/none\\.img +file +none +up +\\d+\\.\\d\\d ms +none checker reports path is up"))
        .anyMatch(l -> l.matches("\\S+/tur\\.img +file +tur +wild +\\d+\\.\\d\\d ms +tur checker doesn't support this device"));
    for (String scsi : List.of("ana", "cciss_tur", "emc_clariion", "hp_sw", "rdac")) {
      assertThat(lines)
          .as("a file takes no SCSI or NVMe commands: %s answers wild", scsi)
          .anyMatch(l -> l.matches("\\S+/" + scsi + "\\.img +file +" + scsi + " +wild +.*" + scsi + " checker doesn't support this device"));
    }
    assertThat(lines).anyMatch(l -> l.matches("fs\\.aio-nr \\d+ before, \\d+ after \\(system-wide\\);"
        + " aio contexts of this process (\\d+) before, \\1 after"));
    assertThat(lines.get(lines.size() - 1)).matches("removed 8 files and " + Pattern.quote(scratch.toString()) + "/pathcheck-demo-\\d+");
    assertNothingLeft();
  }

  @Test
  void asRootAlsoWatchesALoopDeviceWithEachCheckerAndDetachesThem() throws Exception {
    PrivilegedTests.assumeRoot("the demo attaches loop devices only as root");
    CliRun run = demo();

    assertThat(run.exitCode).as(run.err).isZero();
    List<String> lines = run.out.lines().collect(Collectors.toList());
    assertThat(lines.get(0)).contains("on 8 files and 8 loop devices in " + scratch);
    assertThat(lines)
        .anyMatch(l -> l.matches("/dev/loop\\d+ +loop +directio +up .*"))
        .anyMatch(l -> l.matches("/dev/loop\\d+ +loop +none +up .*"))
        .anyMatch(l -> l.matches("/dev/loop\\d+ +loop +tur +wild .*"));
    assertThat(lines.get(lines.size() - 1)).startsWith("removed 8 loop devices, 16 files and " + scratch);
    assertNothingLeft();
  }

  @Test
  void printsOneJsonDocumentWithTheTransitionsAndTheTable() throws Exception {
    CliRun run = demo("--json", "--no-loop");

    assertThat(run.exitCode).as(run.err).isZero();
    String json = run.out.strip();
    assertThat(json).startsWith("{").endsWith("}");
    assertThat(json)
        .containsPattern("\"checker\": \"directio\", \"from\": \"up\", \"to\": \"down\", "
            + "\"message\": \"directio checker reports path is down\"")
        .containsPattern("\"checker\": \"directio\", \"from\": \"down\", \"to\": \"up\"")
        .containsPattern("\"action\": \"truncate\", \"path\": \"[^\"]+/directio.img\"")
        .containsPattern("\"kind\": \"file\", \"checker\": \"none\", \"state\": \"up\", "
            + "\"message\": \"none checker reports path is up\", \"latencyMicros\": \\d+")
        .containsPattern("\"checker\": \"tur\", \"state\": \"wild\"")
        .containsPattern("\"aioContextsBefore\": (\\d+),\\s+\"aioContextsAfter\": \\1,")
        .contains("\"stopped\": false");
    assertThat(json.lines()).noneMatch(l -> l.matches(TIME + " .*")); // nothing but the document
    assertNothingLeft();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void sigtermWhileItRunsStillRemovesEverything() throws Exception {
    Path err = Files.createTempFile(Path.of("target"), "demo-sigterm", ".err");
    try (CliProcess demo =
        CliProcess.start(
            err, "demo", "--interval", "0.05", "--settle-rounds", "1000000", "--scratch-dir", scratch.toString())) {
      demo.awaitLine(line -> line.contains("directio down -> up"));

      int exit = demo.terminate();

      assertThat(exit).as(demo.err()).isEqualTo(128 + 15);
      assertThat(demo.err()).contains("pathcheck: demo interrupted; removed everything it made");
      assertThat(demo.lines()).anyMatch(l -> l.startsWith("removed "));
    } finally {
      Files.delete(err);
    }
    try (Stream<Path> left = Files.list(scratch)) {
      assertThat(left).as("what the demo left in its scratch directory").isEmpty();
    }
    assertThat(loopDevicesOver(scratch)).as("loop devices over the scratch disks").isEmpty();
  }

  /**
   * SIGKILL runs no hook: what the demo made stays, but its loop devices detach themselves with the last
   * descriptor (autoclear) when the kernel closes the dead process's files.
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void sigkillWhileItRunsLeavesNoLoopDeviceAttached() throws Exception {
    PrivilegedTests.assumeRoot("the demo attaches loop devices only as root");
    Path err = Files.createTempFile(Path.of("target"), "demo-sigkill", ".err");
    try (CliProcess demo =
        CliProcess.start(
            err, "demo", "--interval", "0.05", "--settle-rounds", "1000000", "--scratch-dir", scratch.toString())) {
      demo.awaitLine(line -> line.contains("directio down -> up"));
      assertThat(loopDevicesOver(scratch)).as("loop devices while the demo runs").hasSize(8);

      demo.handle().destroyForcibly(); // SIGKILL
      demo.awaitExit(CliProcess.BOUND);
    } finally {
      Files.delete(err);
    }
    assertThat(loopDevicesOver(scratch)).as("loop devices over the scratch disks after SIGKILL").isEmpty();
    try (Stream<Path> left = Files.walk(scratch)) {
      // What a kill leaves, as the README says: the scratch directory and its files.
      for (Path path : (Iterable<Path>) left.sorted(java.util.Comparator.reverseOrder())::iterator) {
        if (!path.equals(scratch)) {
          Files.delete(path);
        }
      }
    }
  }

  /** A scratch directory on a full file system: one line naming the file, the directory and the fix. */
  @Test
  void aFullScratchDirectoryIsOneLineThatNamesItAndTheFix() throws Exception {
    PrivilegedTests.assumeRoot("the test mounts a 16 KiB tmpfs as the full file system");
    Path full = Files.createDirectories(scratch.resolve("full"));
    mount("mount", "-t", "tmpfs", "-o", "size=16k", "pathcheck-full", full.toString());
    try {
      CliRun run = CliRun.of("demo", "--no-loop", "--scratch-dir", full.toString());
      assertThat(run.exitCode).isEqualTo(1);
      assertThat(run.err.lines()).singleElement().asString()
          .startsWith("pathcheck: cannot write the scratch disk " + full)
          .contains("No space left on device")
          .contains("free space in " + full)
          .contains("--scratch-dir");
    } finally {
      mount("umount", full.toString());
    }
  }

  private static void mount(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s returns", String.join(" ", command)).isTrue();
    assertThat(process.exitValue()).as("%s: %s", String.join(" ", command), output).isZero();
  }

  @Test
  void showsTheCheckersOfAPluginDirectoryToo(@TempDir(factory = TargetTempDirFactory.class) Path plugins)
      throws Exception {
    Files.copy(PluginJars.packageOf(GhostCheckerProvider.class), plugins.resolve("ghost.jar"));
    CliRun run = demo("--no-loop", "--plugin-dir", plugins.toString());

    assertThat(run.exitCode).as(run.err).isZero();
    List<String> lines = run.out.lines().collect(Collectors.toList());
    assertThat(lines.get(0)).startsWith("pathcheck demo: checkers ana, cciss_tur, directio, emc_clariion, ghost, hp_sw, none, rdac, tur on 9 files in ");
    assertThat(lines)
        .anyMatch(l -> l.matches(TIME + " \\S+/ghost\\.img ghost unchecked -> ghost ghost checker reports path is ghost"))
        .anyMatch(l -> l.matches("\\S+/ghost\\.img +file +ghost +ghost +\\d+\\.\\d\\d ms +ghost checker reports path is ghost"));
    assertNothingLeft();
  }

  @Test
  void aScratchDirectoryThatCannotBeWrittenIsAOneLineErrorNamingIt() {
    Path missing = scratch.resolve("missing");
    CliRun run = CliRun.of("demo", "--scratch-dir", missing.toString());
    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err.lines()).singleElement().asString().startsWith("pathcheck: ").contains(missing.toString())
        .contains("--scratch-dir");
  }

  /** The loop devices whose backing file is under {@code directory}, from {@code /sys/block/loop*}. */
  private static List<String> loopDevicesOver(Path directory) throws IOException {
    List<String> found = new ArrayList<>();
    String prefix = directory.toAbsolutePath() + "/";
    try (Stream<Path> blocks = Files.list(Path.of("/sys/block"))) {
      for (Path block : (Iterable<Path>) blocks::iterator) {
        Path backing = block.resolve("loop").resolve("backing_file");
        if (!block.getFileName().toString().startsWith("loop") || !Files.isReadable(backing)) {
          continue;
        }
        String file;
        try {
          file = Files.readString(backing).trim();
        } catch (IOException detachedMeanwhile) {
          continue;
        }
        if (file.startsWith(prefix)) {
          found.add("/dev/" + block.getFileName() + " over " + file);
        }
      }
    }
    return found;
  }

  private static int indexOf(List<String> lines, String regex) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).matches(regex)) {
        return i;
      }
    }
    return -1;
  }
}
