package io.github.pathcheck.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Loop devices over files, through util-linux's {@code losetup}; attaching needs root. */
final class Losetup {
  private static final long TIMEOUT_SECONDS = 30;

  private Losetup() {}

  /** Returns whether this process runs as root (effective uid 0), which attaching loop devices needs. */
  static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.substring("Uid:".length()).trim().split("\\s+")[1].equals("0");
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  /**
   * Attaches the first free loop device to {@code file} ({@code losetup -f --show FILE}).
   *
   * @return the device, such as {@code /dev/loop3}
   * @throws IOException naming the file and losetup's output when it fails
   */
  static Path attach(Path file) throws IOException {
    String out = run(List.of("losetup", "-f", "--show", file.toAbsolutePath().toString()), file);
    if (!out.startsWith("/dev/")) {
      throw new IOException("losetup -f --show " + file + " printed no device: " + out);
    }
    return Path.of(out);
  }

  /**
   * Detaches {@code device} ({@code losetup -d DEVICE}).
   *
   * @throws IOException naming the device and losetup's output when it fails
   */
  static void detach(Path device) throws IOException {
    run(List.of("losetup", "-d", device.toString()), device);
  }

  private static String run(List<String> command, Path subject) throws IOException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException("cannot run losetup for " + subject + ": " + e.getMessage() + "; install util-linux", e);
    }
    process.getOutputStream().close();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
          }
          break;
        } catch (InterruptedException e) {
          interrupted = true; // finish: a loop device half attached or detached is worse than a late answer
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          String.join(" ", command) + " failed (exit " + process.exitValue() + "): " + output);
    }
    return output;
  }
}
