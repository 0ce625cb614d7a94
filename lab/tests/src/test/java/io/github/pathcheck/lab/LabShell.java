package io.github.pathcheck.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Calls the lab's scenario helpers ({@code lab/guest/scenarios.sh}, and {@code nvme.sh} beside it) from Java in the
 * guest: each call runs one helper function in a new bash and returns what it printed (a /dev node, for the
 * makers).
 *
 * <p>Used by one thread, the scenario runner's. A helper that fails, or runs longer than a minute, throws
 * {@link IllegalStateException} with its stderr; one that runs too long is killed first, with the processes
 * it started.
 */
final class LabShell {
  private static final long TIMEOUT_SECONDS = 60;

  private final Path scenarios;

  LabShell(Path labDir) {
    this.scenarios = labDir.resolve("guest/scenarios.sh");
  }

  /** Runs helper {@code function} with {@code args}; returns its stdout, trimmed. */
  String call(String function, String... args) {
    List<String> command = new ArrayList<>();
    command.add("/bin/bash");
    command.add("-c");
    command.add(". \"$0\" && . \"${0%/*}/nvme.sh\" && \"$@\"");
    command.add(scenarios.toString());
    command.add(function);
    command.addAll(List.of(args));
    String call = function + (args.length == 0 ? "" : " " + String.join(" ", args));
    Path out = null;
    Path err = null;
    try {
      // Files, not pipes: waitFor bounds the call whatever the helper prints, and whoever keeps its output open.
      out = Files.createTempFile("lab-shell-", ".out");
      err = Files.createTempFile("lab-shell-", ".err");
      Process process =
          new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      process.getOutputStream().close();
      boolean finished;
      try {
        finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        kill(process);
        throw new IllegalStateException("interrupted while running " + call, e);
      }
      if (!finished) {
        kill(process);
        throw new IllegalStateException(
            call + " did not finish in " + TIMEOUT_SECONDS + " s, killed: " + read(err));
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(call + " failed (exit " + process.exitValue() + "): " + read(err));
      }
      return read(out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + call, e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  /** Kills the helper's bash and what it started, and waits (briefly) for bash to end. */
  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a temporary file in the guest's tmpfs: nothing to do
    }
  }
}
