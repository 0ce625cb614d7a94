package io.github.pathcheck.testkit;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A loop block device ({@code /dev/loopN}) over a file, for tests that need a real block device: attached
 * with {@code losetup -f --show FILE} and held open by this object, then marked with {@code losetup -d} to
 * detach itself when its last descriptor closes (autoclear). {@link #close()} closes the hold, so the kernel
 * detaches the device at once, or when the test's own last descriptor of it closes; a test JVM that is killed
 * leaves no loop device attached.
 *
 * <p>Attaching needs root and the kernel's loop driver; gate the test with {@link
 * PrivilegedTests#assumeRoot(String)} first. Errors name the file and the fix.
 *
 * <p><b>Ownership.</b> The caller owns the device and must {@link #close()} it (try-with-resources).
 * {@code close()} is idempotent. Thread-safe.
 */
public final class LoopDevice implements Closeable {
  private static final long LOSETUP_TIMEOUT_SECONDS = 60;

  private final Path device;
  private final Path backingFile;
  private final FileChannel holder;
  private boolean detached;

  private LoopDevice(Path device, Path backingFile, FileChannel holder) {
    this.device = device;
    this.backingFile = backingFile;
    this.holder = holder;
  }

  /**
   * Attaches the first free loop device to {@code file}.
   *
   * @param file an existing regular file; its size should be a multiple of 512 bytes
   * @throws IOException if {@code losetup} fails or cannot be run; the message names the file, losetup's
   *     output and the likely fix (run as root, {@code modprobe loop}, install util-linux)
   */
  public static LoopDevice attach(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    Path absolute = file.toAbsolutePath();
    if (!Files.isRegularFile(absolute)) {
      throw new IOException("cannot attach a loop device to " + absolute + ": it is not a regular file");
    }
    Result result = run(List.of("losetup", "-f", "--show", absolute.toString()), absolute);
    String out = result.stdout.trim();
    if (result.exitCode != 0 || !out.startsWith("/dev/")) {
      throw new IOException(
          "losetup -f --show "
              + absolute
              + " failed (exit "
              + result.exitCode
              + "): "
              + (result.stderr.isBlank() ? out : result.stderr.trim())
              + "; loop devices need root and the loop driver (modprobe loop)");
    }
    Path device = Path.of(out);
    FileChannel holder;
    try {
      holder = FileChannel.open(device, StandardOpenOption.READ);
    } catch (IOException e) {
      run(List.of("losetup", "-d", device.toString()), absolute);
      throw new IOException("cannot open " + device + " (attached over " + absolute + ") to hold it: " + e, e);
    }
    // Held open, losetup -d only sets the autoclear flag: the kernel detaches with the last descriptor.
    Result clear = run(List.of("losetup", "-d", device.toString()), absolute);
    if (clear.exitCode != 0) {
      holder.close();
      throw new IOException("losetup -d " + device + " (over " + absolute + ") failed (exit " + clear.exitCode
          + "): " + clear.stderr.trim() + "; detach it by hand with losetup -d " + device);
    }
    return new LoopDevice(device, absolute, holder);
  }

  /** Returns the block device, such as {@code /dev/loop3}. */
  public Path path() {
    return device;
  }

  /** Returns the file the device reads and writes. */
  public Path backingFile() {
    return backingFile;
  }

  /**
   * Closes this object's hold on the device: the kernel detaches it now, or, if the test still has it open,
   * when that last descriptor closes. Idempotent: later calls do nothing.
   *
   * @throws IOException if closing the hold fails; the message names the device
   */
  @Override
  public synchronized void close() throws IOException {
    if (detached) {
      return;
    }
    detached = true;
    try {
      holder.close();
    } catch (IOException e) {
      throw new IOException("cannot close " + device + " (over " + backingFile + "): " + e, e);
    }
  }

  @Override
  public String toString() {
    return "LoopDevice{" + device + " over " + backingFile + "}";
  }

  private static Result run(List<String> command, Path file) throws IOException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    } catch (IOException e) {
      throw new IOException(
          "cannot run " + command.get(0) + " for " + file + ": " + e.getMessage()
              + "; install util-linux (losetup)",
          e);
    }
    process.getOutputStream().close();
    CompletableFuture<String> stdout = readAsync(process.getInputStream());
    CompletableFuture<String> stderr = readAsync(process.getErrorStream());
    try {
      if (!process.waitFor(LOSETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(
            String.join(" ", command) + " did not finish within " + LOSETUP_TIMEOUT_SECONDS + " s");
      }
      return new Result(process.exitValue(), stdout.get(), stderr.get());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + String.join(" ", command), e);
    } catch (ExecutionException e) {
      throw new IOException("cannot read the output of " + String.join(" ", command), e.getCause());
    }
  }

  private static CompletableFuture<String> readAsync(InputStream in) {
    CompletableFuture<String> result = new CompletableFuture<>();
    // A plain thread that ends with the stream, rather than a pool whose idle workers outlive the call.
    Thread reader =
        new Thread(
            () -> {
              // Complete only once the pipe is closed, so that a caller who has the output also knows
              // the descriptor is gone (tests count descriptors right after).
              String text;
              try (in) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                result.completeExceptionally(new UncheckedIOException(e));
                return;
              }
              result.complete(text);
            },
            "pathcheck-losetup-output");
    reader.setDaemon(true);
    reader.start();
    return result;
  }

  private static final class Result {
    final int exitCode;
    final String stdout;
    final String stderr;

    Result(int exitCode, String stdout, String stderr) {
      this.exitCode = exitCode;
      this.stdout = stdout;
      this.stderr = stderr;
    }
  }
}
