package io.github.pathcheck.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Loop devices over files, through util-linux's {@code losetup}; attaching needs root. Every device attached
 * here detaches itself with its last descriptor (autoclear), so not even a SIGKILL leaves one behind.
 */
final class Losetup {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

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
   * Attaches the first free loop device to {@code file} ({@code losetup -f --show FILE}) and marks it to detach
   * itself with its last descriptor: the returned {@link Attached} holds one open, and {@code losetup -d} on a
   * device still open only sets its autoclear flag. Closing the {@code Attached}, or the process's end however
   * it comes (SIGKILL too), then detaches the device once no one else has it open.
   *
   * @throws IOException naming the file and losetup's output when it fails; nothing is left attached then,
   *     unless the device could not even be opened
   */
  static Attached attach(Path file) throws IOException {
    String out = run(List.of("losetup", "-f", "--show", file.toAbsolutePath().toString()), file, TIMEOUT);
    if (!out.startsWith("/dev/")) {
      throw new IOException("losetup -f --show " + file + " printed no device: " + out);
    }
    Path device = Path.of(out);
    FileChannel holder;
    try {
      holder = FileChannel.open(device, StandardOpenOption.READ);
    } catch (IOException e) {
      run(List.of("losetup", "-d", device.toString()), device, TIMEOUT);
      throw new IOException("cannot open " + device + " (attached over " + file + ") to hold it: " + e, e);
    }
    try {
      run(List.of("losetup", "-d", device.toString()), device, TIMEOUT); // held open: sets autoclear only
    } catch (IOException e) {
      holder.close();
      throw e;
    }
    return new Attached(device, holder);
  }

  /** A loop device this process holds open; set to detach itself when its last descriptor closes. */
  static final class Attached implements AutoCloseable {
    private final Path device;
    private final FileChannel holder;

    private Attached(Path device, FileChannel holder) {
      this.device = device;
      this.holder = holder;
    }

    /** Returns the device, such as {@code /dev/loop3}. */
    Path device() {
      return device;
    }

    /**
     * Closes this process's hold: the kernel detaches the device now, or when the last other descriptor of it
     * closes. Idempotent.
     */
    @Override
    public void close() throws IOException {
      holder.close();
    }
  }

  /**
   * Runs {@code command} and returns its output (standard output and error, trimmed), within {@code
   * timeout} in all: the output is read on a thread of its own while this one waits for the exit, so
   * a losetup that hangs is killed and reported instead of blocking its caller (and the lock of {@link
   * ScratchDisks}) for good. An interrupt does not cut the wait short (a loop device half attached or
   * detached is worse than a late answer) but is kept.
   */
  static String run(List<String> command, Path subject, Duration timeout) throws IOException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException(
          "cannot run " + command.get(0) + " for " + subject + ": " + e.getMessage() + "; install util-linux", e);
    }
    process.getOutputStream().close();
    CompletableFuture<String> output = readAsync(process.getInputStream());
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean interrupted = false;
    try {
      while (true) {
        try {
          if (!process.waitFor(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
            process.destroyForcibly();
            throw new IOException(
                String.join(" ", command) + " did not finish within " + timeout.toMillis() + " ms; killed it");
          }
          // The pipe ends with the process; the bound only guards against a descendant that kept it open.
          String text = output.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS).trim();
          if (process.exitValue() != 0) {
            throw new IOException(
                String.join(" ", command) + " failed (exit " + process.exitValue() + "): " + text);
          }
          return text;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          throw new IOException("cannot read the output of " + String.join(" ", command), e.getCause());
        } catch (TimeoutException e) {
          throw new IOException(
              String.join(" ", command) + " kept its output open past " + timeout.toMillis() + " ms", e);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Reads {@code in} to its end on a daemon thread that ends with the stream. */
  private static CompletableFuture<String> readAsync(InputStream in) {
    CompletableFuture<String> result = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (in) {
                result.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
              }
            },
            "pathcheck-losetup-output");
    reader.setDaemon(true);
    reader.start();
    return result;
  }
}
