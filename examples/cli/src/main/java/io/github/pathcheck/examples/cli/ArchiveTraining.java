package io.github.pathcheck.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The run the build makes, when it packages the CLI, under {@code -XX:DumpLoadedClassList}: the one-shot
 * commands a user starts most ({@code --help}, {@code --version}, {@code list}, {@code check} of a file with
 * directio, async and sync), in one JVM, so that the archive the build then dumps from that list ({@code
 * -Xshare:dump}) holds the classes they load and {@code ./pathcheck} starts them from it.
 *
 * <p>Usage: {@code ArchiveTraining JVM_FILE SCRATCH_DIR}. Writes to {@code JVM_FILE} the JVM the archive is
 * for, {@code java.home} and {@code java.runtime.version} on a line each, which {@code ./pathcheck} compares
 * with the {@code java} it runs before it uses the archive. The commands' output is discarded; a command that
 * fails (no {@code O_DIRECT} in {@code SCRATCH_DIR}'s file system, say) still loaded most of its classes, so
 * the run always exits 0 and the archive is made all the same. Removes the file it checks.
 */
final class ArchiveTraining {
  private ArchiveTraining() {}

  public static void main(String[] args) throws IOException {
    Path jvmFile = Path.of(args[0]);
    Path scratch = Files.createDirectories(Path.of(args[1]));
    Path disk = Files.write(scratch.resolve("disk.img"), new byte[65536]);
    try {
      for (List<String> command :
          List.of(
              List.of("--help"),
              List.of("--version"),
              List.of("help", "check"),
              List.of("list"),
              List.of("check", "--checker", "directio", disk.toString()),
              List.of("check", "--json", "--sync", "--checker", "directio", disk.toString()),
              List.of("check", "--checker", "none", disk.toString()),
              // picocli, for what FastLane leaves to it: a mistake, watch and demo
              List.of("check", "--checker", "none", "--no-such-option", disk.toString()))) {
        run(command.toArray(new String[0]));
      }
    } finally {
      Files.deleteIfExists(disk);
    }
    Files.writeString(
        jvmFile,
        System.getProperty("java.home") + "\n" + System.getProperty("java.runtime.version") + "\n",
        StandardCharsets.UTF_8);
    System.exit(0);
  }

  private static void run(String... args) {
    PrintWriter discard = new PrintWriter(Writer.nullWriter());
    try {
      PathcheckCommand.execute(args, discard, discard);
    } catch (RuntimeException | Error e) {
      System.err.println("pathcheck: archive training: " + String.join(" ", args) + ": " + e);
    }
  }
}
