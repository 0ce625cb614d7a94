package io.github.pathcheck.examples.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The CLI in a JVM of its own, for what only a process shows: its reaction to a signal. Its standard error
 * goes to a file; its standard output is read line by line.
 *
 * <p>Every wait is bounded by {@link #BOUND}, since JUnit's {@code @Timeout} cannot interrupt a read of a
 * pipe: a CLI that never prints the line or never exits is killed, and the test fails instead of hanging.
 */
final class CliProcess implements AutoCloseable {
  /** The longest a test waits for a line, an exit after a signal, or the exit after {@link #close()}. */
  static final Duration BOUND = Duration.ofSeconds(30);

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
   * Reads standard output until a line matches, and returns it. If none has within {@link #BOUND}, a
   * watchdog kills the process, which ends the output.
   *
   * @throws IOException if the output ends first, or the process was killed; the message holds what was
   *     printed
   */
  String awaitLine(Predicate<String> matches) throws IOException, InterruptedException {
    return awaitLine(matches, BOUND);
  }

  /** {@link #awaitLine(Predicate)} within {@code bound}. */
  String awaitLine(Predicate<String> matches, Duration bound) throws IOException, InterruptedException {
    CountDownLatch found = new CountDownLatch(1);
    AtomicBoolean killed = new AtomicBoolean();
    Thread watchdog =
        new Thread(
            () -> {
              try {
                if (!found.await(bound.toNanos(), TimeUnit.NANOSECONDS)) {
                  killed.set(true);
                  process.destroyForcibly();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "cli-process-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    try {
      String line;
      while ((line = out.readLine()) != null) {
        lines.add(line);
        if (matches.test(line)) {
          return line;
        }
      }
    } finally {
      found.countDown();
      watchdog.join();
    }
    throw new IOException(
        (killed.get() ? "the CLI printed no such line within " + bound.toMillis() + " ms and was killed"
            : "the CLI ended without printing the line")
            + "; out: " + lines + "; err: " + err());
  }

  /**
   * Sends SIGTERM ({@link ProcessHandle#destroy()}, which unlike {@link Process#destroy()} leaves the pipes
   * open to read what comes after) and waits for the exit code, at most {@link #BOUND}.
   *
   * @throws IOException if the process has not exited within the bound (it is killed then)
   */
  int terminate() throws InterruptedException, IOException {
    process.toHandle().destroy();
    if (!process.waitFor(BOUND.toNanos(), TimeUnit.NANOSECONDS)) {
      process.destroyForcibly();
      throw new IOException(
          "the CLI did not exit within " + BOUND.toSeconds() + " s of SIGTERM; out: " + lines + "; err: " + err());
    }
    int exit = process.exitValue();
    String line;
    while ((line = out.readLine()) != null) {
      lines.add(line);
    }
    return exit;
  }

  /**
   * Waits for the process to exit by itself, at most {@code bound}, then reads the rest of its output.
   *
   * @return the exit code
   * @throws IOException if it has not exited within the bound (it is killed then); the message holds what it
   *     printed
   */
  int awaitExit(Duration bound) throws InterruptedException, IOException {
    if (!process.waitFor(bound.toNanos(), TimeUnit.NANOSECONDS)) {
      process.destroyForcibly();
      throw new IOException(
          "the CLI did not exit within " + bound.toMillis() + " ms; out: " + lines + "; err: " + err());
    }
    String line;
    while ((line = out.readLine()) != null) {
      lines.add(line);
    }
    return process.exitValue();
  }

  /** Returns the process. */
  ProcessHandle handle() {
    return process.toHandle();
  }

  /** Returns every line of standard output read so far. */
  List<String> lines() {
    return lines;
  }

  /** Returns what the process printed on standard error so far. */
  String err() throws IOException {
    return Files.readString(errFile);
  }

  /**
   * Kills the process if it still runs and waits for it to exit, at most {@link #BOUND}, so that the test's
   * checks of files and loop devices, and the removal of its {@code @TempDir}, do not race a dying process.
   *
   * @throws IOException if it has not exited within the bound
   */
  @Override
  public void close() throws IOException, InterruptedException {
    try {
      process.destroyForcibly();
      if (!process.waitFor(BOUND.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new IOException("the CLI (pid " + process.pid() + ") did not exit within " + BOUND.toSeconds()
            + " s of SIGKILL");
      }
    } finally {
      out.close();
    }
  }
}
