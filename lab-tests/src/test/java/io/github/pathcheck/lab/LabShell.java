package io.github.pathcheck.lab;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Calls the lab's scenario helpers ({@code lab/guest/scenarios.sh}) from Java in the guest: each call runs one
 * helper function in a new bash and returns what it printed (a /dev node, for the makers).
 *
 * <p>Used by one thread, the scenario runner's. A helper that fails, or runs longer than a minute, throws
 * {@link IllegalStateException} with its stderr.
 */
final class LabShell {
  private final Path scenarios;

  LabShell(Path labDir) {
    this.scenarios = labDir.resolve("guest/scenarios.sh");
  }

  /** Runs helper {@code function} with {@code args}; returns its stdout, trimmed. */
  String call(String function, String... args) {
    List<String> command = new ArrayList<>();
    command.add("/bin/bash");
    command.add("-c");
    command.add(". \"$0\" && \"$@\"");
    command.add(scenarios.toString());
    command.add(function);
    command.addAll(List.of(args));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run bash for " + function, e);
    }
    try (InputStream out = process.getInputStream();
        InputStream err = process.getErrorStream()) {
      process.getOutputStream().close();
      // The helpers print little: reading stdout to the end, then stderr, cannot dead-lock on a full pipe
      // unless stderr passes 64 KiB, which the helpers never do.
      String stdout = new String(out.readAllBytes(), StandardCharsets.UTF_8).trim();
      String stderr = new String(err.readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(function + " did not finish in 60 s: " + stderr);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            function + " " + String.join(" ", args) + " failed (exit " + process.exitValue() + "): " + stderr);
      }
      return stdout;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the output of " + function, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while running " + function, e);
    }
  }
}
