package io.github.pathcheck.nativeio;

import io.github.pathcheck.api.PathDevice;
import java.lang.ref.Cleaner;
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
 * <p>Do not open a FIFO: like {@code open(2)} without {@code O_NONBLOCK}, this blocks until a writer appears.
 */
public final class LinuxPathDevice implements PathDevice, AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(LinuxPathDevice.class);
  private static final Cleaner cleaner = Cleaner.create();

  private final Path path;
  private final FdCloser closer;
  private final Cleaner.Cleanable cleanable;

  private LinuxPathDevice(Path path, int fd) {
    this.path = path;
    this.closer = new FdCloser(path, fd);
    this.cleanable = cleaner.register(this, closer);
  }

  /**
   * Opens {@code path} read-only with {@code O_CLOEXEC}.
   *
   * @throws NativeException naming the path and what to do if it is missing ({@code ENOENT}), a directory
   *     ({@code EISDIR}), or not readable ({@code EACCES})
   */
  public static LinuxPathDevice open(Path path) throws NativeException {
    Objects.requireNonNull(path, "path");
    int fd =
        Errno.check(
            FileNative.open(path.toString(), OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0), "open", path);
    try {
      if (FileStat.of(fd, path).isDirectory()) {
        throw new NativeException(Errno.EISDIR, "open", path);
      }
    } catch (NativeException | RuntimeException | Error e) {
      FileNative.close(fd);
      throw e;
    }
    return new LinuxPathDevice(path, fd);
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
        Errno.check(FileNative.close(old), "close", path);
      } catch (NativeException e) {
        // Linux releases the descriptor even when close(2) fails; the error is about earlier writes.
        logger.warn("closing {} reported an error; the descriptor is released", path, e);
      }
    }
  }
}
