package io.github.pathcheck.nativeio;

import io.github.pathcheck.api.PathDevice;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A block device or regular file opened read-only with {@code O_CLOEXEC}: the host's {@link PathDevice}.
 *
 * <p><b>Ownership.</b> The object owns the descriptor; {@link #close()} releases it and is the contract. If an
 * instance becomes unreachable while still open, a {@link Cleaner} closes the descriptor and logs a warning.
 *
 * <p><b>Threading.</b> Safe to use from any thread; {@link #close()} is idempotent, and after it {@link #fd()}
 * returns -1. A thread that read the descriptor before {@code close()} must not use it afterwards: the number
 * may already belong to another file.
 *
 * <p>Only a block device or a regular file opens: anything else is refused without waiting and without being
 * opened (no FIFO waits for a writer, no character device's driver sees an open).
 */
public final class LinuxPathDevice implements PathDevice, AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(LinuxPathDevice.class);
  private static final Cleaner cleaner = Cleaner.create();
  private static final int F_GETFL = 3;
  private static final int F_SETFL = 4;

  private final Path path;
  private final FdCloser closer;
  private final Cleaner.Cleanable cleanable;

  private LinuxPathDevice(Path path, int fd) {
    this.path = path;
    this.closer = new FdCloser(path, fd);
    this.cleanable = cleaner.register(this, closer);
  }

  /**
   * Opens {@code path}, a block device, a regular file, or a storage character device (SCSI generic {@code sg}
   * or {@code bsg}, an NVMe controller or generic namespace), or a symbolic link to one, read-only with {@code
   * O_CLOEXEC}. Never blocks on the kind of file: anything else is refused before it is opened.
   *
   * @throws NativeException naming the path and what to do if it is missing ({@code ENOENT}), a directory
   *     ({@code EISDIR}), none of those ({@code ENOTBLK}, saying what it is: a FIFO, another character
   *     device, a socket), or not readable ({@code EACCES})
   */
  public static LinuxPathDevice open(Path path) throws NativeException {
    Objects.requireNonNull(path, "path");
    // O_PATH names the file without opening it: no driver's open(), no wait for a FIFO's writer.
    LibcCalls libc = Libc.calls();
    int location =
        Errno.checkReturned(libc.open(path.toString(), OpenFlags.O_PATH | OpenFlags.O_CLOEXEC, 0), "open", path);
    int fd;
    try {
      FileStat named = FileStat.of(location, path);
      refuseUnlessDeviceOrFile(named, path);
      // Reopen that very file through its O_PATH descriptor, so that a rename in between cannot swap in
      // another; O_NONBLOCK so that even then nothing waits, and the type is checked again below.
      fd = reopen(libc, location, path);
      try {
        FileStat opened = FileStat.of(fd, path);
        refuseUnlessDeviceOrFile(opened, path);
        if (!opened.isSameFile(named)) {
          throw new NativeException(
              Errno.ENOENT, "open", path, "it was replaced while being opened: open it again");
        }
        int flags = Errno.checkReturned(libc.fcntl(fd, F_GETFL, 0), "fcntl(F_GETFL)", path);
        Errno.checkReturned(libc.fcntl(fd, F_SETFL, flags & ~OpenFlags.O_NONBLOCK), "fcntl(F_SETFL)", path);
      } catch (NativeException | RuntimeException | Error e) {
        libc.close(fd);
        throw e;
      }
    } finally {
      libc.close(location);
    }
    return new LinuxPathDevice(path, fd);
  }

  private static int reopen(LibcCalls libc, int location, Path path) throws NativeException {
    int flags = OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC | OpenFlags.O_NONBLOCK;
    int fd = libc.open("/proc/self/fd/" + location, flags, 0);
    if (fd == -Errno.ENOENT && !Files.isDirectory(Path.of("/proc/self/fd"))) {
      fd = libc.open(path.toString(), flags, 0); // no /proc: the identity check after the open still holds
    }
    return Errno.checkReturned(fd, "open", path);
  }

  private static void refuseUnlessDeviceOrFile(FileStat stat, Path path) throws NativeException {
    if (stat.isDirectory()) {
      throw new NativeException(Errno.EISDIR, "open", path);
    }
    if (stat.isCharacterDevice() && StorageCharacterDevices.isStorage(stat.major())) {
      return; // a SCSI generic or NVMe node: checkers send it commands
    }
    if (!stat.isBlockDevice() && !stat.isRegularFile()) {
      throw new NativeException(
          Errno.ENOTBLK,
          "open",
          path,
          "it is " + stat.typeDescription() + ": give a block device, a regular file, or a SCSI generic or NVMe node");
    }
  }

  @Override
  public Path path() {
    return path;
  }

  /** Returns the open descriptor, or -1 after {@link #close()}. */
  @Override
  public int fd() {
    return closer.fd.get();
  }

  /** Closes the descriptor. Idempotent and thread-safe; a failure of {@code close(2)} is logged. */
  @Override
  public void close() {
    closer.closedByOwner = true;
    cleanable.clean();
  }

  @Override
  public String toString() {
    return "LinuxPathDevice{" + path + ", fd=" + fd() + "}";
  }

  /** The cleanup action: closes the descriptor once, whoever runs it. References no LinuxPathDevice. */
  static final class FdCloser implements Runnable {
    private final Path path;
    final AtomicInteger fd;
    volatile boolean closedByOwner;

    FdCloser(Path path, int fd) {
      this.path = path;
      this.fd = new AtomicInteger(fd);
    }

    @Override
    public void run() {
      int old = fd.getAndSet(-1);
      if (old < 0) {
        return;
      }
      if (!closedByOwner) {
        logger.warn("{} was not closed; closing its descriptor {} now. Call close() when done", path, old);
      }
      try {
        Errno.checkReturned(Libc.calls().close(old), "close", path);
      } catch (NativeException e) {
        // Linux releases the descriptor even when close(2) fails; the error is about earlier writes.
        logger.warn("closing {} reported an error; the descriptor is released", path, e);
      }
    }
  }
}
