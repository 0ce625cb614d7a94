package io.github.pathcheck.testkit;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A file whose reads hang until the test releases them: the one file, {@code disk.img}, of a FUSE file system
 * served by a small daemon ({@code hangfs}, C against the kernel's FUSE protocol, no libfuse or fusermount
 * needed) that the kit compiles with gcc on first use. Every read of the file reaches the daemon (it is opened
 * with FUSE's direct I/O, so the page cache never answers one), including {@code O_DIRECT} reads and Linux aio.
 *
 * <pre>{@code
 * try (HangingDevice hanging = HangingDevice.mount(dir, 1 << 20)) {
 *   hanging.hang();                     // reads from now on are held, unanswered
 *   ... start a check of hanging.file() ...
 *   hanging.awaitHeldReads(1, Duration.ofSeconds(5));
 *   hanging.release();                  // held reads are answered, later ones at once
 * }
 * }</pre>
 *
 * <p><b>Where it works.</b> It needs root (to mount), {@code /dev/fuse}, gcc and the kernel's FUSE header
 * ({@code linux/fuse.h}, Debian's {@code linux-libc-dev}); {@link #unavailableReason()} says what is missing,
 * for {@link PrivilegedTests#assumePrivilege}. Why FUSE and not a FIFO or a loop device: a FIFO is no disk (a
 * host refuses to open one) and a loop device over a file never hangs; a read held by a FUSE daemon is what a
 * dead path looks like to a checker, blocked in the kernel.
 *
 * <p><b>Ownership.</b> The caller owns it and must {@link #close()} it, which answers held reads with {@code
 * EIO}, unmounts and ends the daemon. The daemon ends on its own, answering held reads, when the JVM exits or
 * is killed, so a killed test leaves no hung process behind. Thread-safe.
 */
public final class HangingDevice implements Closeable {
  private static final String SOURCE = "hangfs.c";
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

  private final Process daemon;
  private final Path mountpoint;
  private final Path file;
  private final OutputStream commands;
  private final List<String> output = new ArrayList<>(); // guarded by this
  private boolean mounted; // guarded by this
  private int held; // guarded by this
  private long reads = -1; // guarded by this; the daemon's last answer to count
  private boolean closed; // guarded by this

  private HangingDevice(Process daemon, Path mountpoint) {
    this.daemon = daemon;
    this.mountpoint = mountpoint;
    this.file = mountpoint.resolve("disk.img");
    this.commands = daemon.getOutputStream();
  }

  /** Returns why a hanging device cannot be mounted here (no root, no /dev/fuse, no gcc), or empty. */
  public static Optional<String> unavailableReason() {
    if (!PrivilegedTests.isRoot()) {
      return Optional.of("root, to mount the FUSE file system of a hanging device");
    }
    if (!Files.exists(Path.of("/dev/fuse"))) {
      return Optional.of("/dev/fuse, for the FUSE file system of a hanging device (modprobe fuse)");
    }
    if (!Files.isExecutable(Path.of("/usr/bin/gcc"))) {
      return Optional.of("gcc (/usr/bin/gcc), to build the FUSE daemon of a hanging device (apt-get install gcc)");
    }
    if (!Files.exists(Path.of("/usr/include/linux/fuse.h"))) {
      return Optional.of(
          "the kernel's FUSE header /usr/include/linux/fuse.h, to build the FUSE daemon of a hanging device"
              + " (apt-get install linux-libc-dev)");
    }
    return Optional.empty();
  }

  /**
   * Mounts a hanging device in a new directory under {@code directory}; its file holds {@code sizeBytes} zero
   * bytes and answers reads until {@link #hang()}.
   *
   * @throws IOException if it cannot be built or mounted; the message names what is missing
   */
  public static HangingDevice mount(Path directory, long sizeBytes) throws IOException {
    Objects.requireNonNull(directory, "directory");
    Optional<String> missing = unavailableReason();
    if (missing.isPresent()) {
      throw new IOException("cannot mount a hanging device: it needs " + missing.get());
    }
    Path binary = daemonBinary();
    Path mountpoint = Files.createTempDirectory(directory.toAbsolutePath(), "hangfs-");
    Process process =
        new ProcessBuilder(
                binary.toString(),
                mountpoint.toString(),
                Long.toString(sizeBytes),
                Long.toString(ProcessHandle.current().pid()))
            .redirectErrorStream(true)
            .start();
    HangingDevice device = new HangingDevice(process, mountpoint);
    Thread reader = new Thread(() -> device.readOutput(process.getInputStream()), "pathcheck-hangfs-output");
    reader.setDaemon(true);
    reader.start();
    try {
      device.awaitOutput(() -> device.mounted, "mounted");
    } catch (IOException e) {
      device.close();
      throw e;
    }
    return device;
  }

  /** Returns the file whose reads hang: {@code disk.img} in the mount point. */
  public Path file() {
    return file;
  }

  /** Holds every read from now on, unanswered, until {@link #release()} or {@link #close()}. */
  public void hang() throws IOException {
    command("hang");
  }

  /** Answers the held reads with data, and every later read at once. */
  public void release() throws IOException {
    command("release");
  }

  /** Answers the held reads, and every later read, with {@code EIO}. */
  public void failReads() throws IOException {
    command("eio");
  }

  /**
   * Returns how many reads the file system received since mount, held or answered: every read of the file
   * that reached the daemon before this call.
   *
   * @throws IOException if the daemon does not answer
   */
  public long reads() throws IOException {
    command("count");
    synchronized (this) {
      return reads;
    }
  }

  /** Returns how many reads were held since mount. */
  public synchronized int heldReads() {
    return held;
  }

  /**
   * Waits until at least {@code count} reads were held since mount, at most {@code maxWait}; returns whether
   * they were.
   */
  public synchronized boolean awaitHeldReads(int count, Duration maxWait) throws InterruptedException {
    long deadline = System.nanoTime() + maxWait.toNanos();
    while (held < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !daemon.isAlive()) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /**
   * Answers held reads with {@code EIO}, unmounts and ends the daemon, and removes the mount point.
   * Idempotent.
   *
   * @throws IOException if the file system stays mounted; the message says how to unmount it by hand
   */
  @Override
  public void close() throws IOException {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      commands.write("quit\n".getBytes(StandardCharsets.US_ASCII));
      commands.close();
    } catch (IOException e) {
      // the daemon is gone already
    }
    try {
      if (!daemon.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        daemon.destroyForcibly().waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (isMounted()) {
      new ProcessBuilder("umount", "-l", mountpoint.toString()).inheritIO().start();
    }
    if (isMounted()) {
      throw new IOException(
          "the hanging device at " + mountpoint + " is still mounted: unmount it with umount -l " + mountpoint);
    }
    Files.deleteIfExists(mountpoint);
  }

  @Override
  public String toString() {
    return "HangingDevice{" + file + "}";
  }

  private boolean isMounted() throws IOException {
    String target = " " + mountpoint + " ";
    return Files.readAllLines(Path.of("/proc/self/mounts")).stream().anyMatch(l -> l.contains(target));
  }

  private void command(String command) throws IOException {
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the hanging device " + file + " was closed");
      }
      commands.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
      commands.flush();
    }
    awaitOutput(() -> output.contains("ok " + command), "ok " + command);
    synchronized (this) {
      output.remove("ok " + command);
    }
  }

  private interface Condition {
    boolean holds();
  }

  private synchronized void awaitOutput(Condition condition, String what) throws IOException {
    long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
    try {
      while (!condition.holds()) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !daemon.isAlive()) {
          throw new IOException(
              "the hanging device's daemon never said \""
                  + what
                  + "\" (alive: "
                  + daemon.isAlive()
                  + "); its output: "
                  + output);
        }
        TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the hanging device's daemon to say " + what, e);
    }
  }

  private void readOutput(InputStream in) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        synchronized (this) {
          if (line.equals("mounted")) {
            mounted = true;
          } else if (line.startsWith("reads ")) {
            reads = Long.parseLong(line.substring(6).trim());
          } else if (line.startsWith("held ")) {
            held = Integer.parseInt(line.substring(5).trim());
          } else {
            output.add(line);
          }
          notifyAll();
        }
      }
    } catch (IOException | NumberFormatException e) {
      // the daemon ended
    } finally {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /** Builds the daemon once per source, into a directory only this user can write. */
  private static synchronized Path daemonBinary() throws IOException {
    byte[] source;
    try (InputStream in = HangingDevice.class.getResourceAsStream(SOURCE)) {
      if (in == null) {
        throw new IOException("the testkit jar lacks " + SOURCE);
      }
      source = in.readAllBytes();
    }
    String hash;
    try {
      hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "pathcheck-hangfs-" + ProcessHandle.current().pid());
    if (!Files.isDirectory(dir)) {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      dir.toFile().deleteOnExit();
    }
    Path binary = dir.resolve("hangfs-" + hash);
    if (Files.isExecutable(binary)) {
      return binary;
    }
    Path sourceFile = dir.resolve("hangfs-" + hash + ".c");
    Files.write(sourceFile, source);
    sourceFile.toFile().deleteOnExit();
    binary.toFile().deleteOnExit();
    Process gcc =
        new ProcessBuilder("/usr/bin/gcc", "-O2", "-o", binary.toString(), sourceFile.toString())
            .redirectErrorStream(true)
            .start();
    String gccOutput = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
        throw new IOException("gcc could not build the hanging device's daemon: " + gccOutput);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while building the hanging device's daemon", e);
    }
    return binary;
  }
}
