package io.github.pathcheck.examples.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The CLI in a JVM of its own, for what only a process shows: its reaction to a signal. Its standard error
 * goes to a file; its standard output is read line by line.
 */
final class CliProcess implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;
  private final Path errFile;
  private final List<String> lines = new ArrayList<>();

  private CliProcess(Process process, Path errFile) {
    this.process = process;
    this.errFile = errFile;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Starts {@code pathcheck ARGS} with this JVM's java and class path; standard error goes to {@code errFile}. */
  static CliProcess start(Path errFile, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(PathcheckCommand.class.getName());
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .redirectError(errFile.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    process.getOutputStream().close();
    return new CliProcess(process, errFile);
  }

  /**
   * Reads standard output until a line matches, and returns it.
   *
   * @throws IOException if the output ends first; the message holds what was printed
   */
  String awaitLine(Predicate<String> matches) throws IOException {
    String line;
    while ((line = out.readLine()) != null) {
      lines.add(line);
      if (matches.test(line)) {
        return line;
      }
    }
    throw new IOException("the CLI ended without printing the line; out: " + lines + "; err: " + err());
  }

  /**
   * Sends SIGTERM ({@link ProcessHandle#destroy()}, which unlike {@link Process#destroy()} leaves the pipes
   * open to read what comes after) and waits for the exit code.
   */
  int terminate() throws InterruptedException, IOException {
    process.toHandle().destroy();
    int exit = process.waitFor();
    String line;
    while ((line = out.readLine()) != null) {
      lines.add(line);
    }
    return exit;
  }

  /** Returns every line of standard output read so far. */
  List<String> lines() {
    return lines;
  }

  /** Returns what the process printed on standard error so far. */
  String err() throws IOException {
    return Files.readString(errFile);
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    out.close();
  }
}
