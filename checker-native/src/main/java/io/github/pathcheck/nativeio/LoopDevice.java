package io.github.pathcheck.nativeio;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.Closeable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loop block device ({@code /dev/loopN}) over a regular file, attached through the loop driver's own ioctls
 * (no {@code losetup}) and set to detach itself with its last descriptor (autoclear). This object holds one
 * descriptor of the device: {@link #close()} releases it, and the kernel detaches the device then, or when the
 * last other descriptor of it closes. A process that ends however it ends, {@code SIGKILL} too, leaves no
 * device attached.
 *
 * <p>Attaching needs the loop driver and write access to its nodes, {@code /dev/loop-control} and the free
 * {@code /dev/loopN} (root, or the group that owns them on most hosts). Errors name the file or the device and
 * the fix.
 *
 * <p><b>Ownership and threading.</b> The caller owns the object and closes it; {@link #close()} is idempotent
 * and safe from any thread. After it, {@link #path()} names a device that may already be detached or attached
 * to someone else's file.
 */
public final class LoopDevice implements Closeable {
  private static final int ATTEMPTS = 16; // another process may take the free device between two calls

  private final Path path;
  private final Path backingFile;
  private final AtomicInteger holder;

  private LoopDevice(Path path, Path backingFile, int holder) {
    this.path = path;
    this.backingFile = backingFile;
    this.holder = new AtomicInteger(holder);
  }

  /**
   * Attaches the first free loop device to {@code file}, read-write, or read-only when the file cannot be opened
   * for writing.
   *
   * @param file an existing regular file; its size should be a multiple of 512 bytes
   * @throws NativeException naming the file or the device: {@code ENOENT} for a missing file, {@code EINVAL} for
   *     one that is not a regular file, {@code EACCES} or {@code EPERM} without write access to the loop
   *     driver's nodes, {@code ENOENT} on {@code
   *     /dev/loop-control} without the loop driver ({@code modprobe loop}), {@code EBUSY} when every free device
   *     was taken meanwhile
   */
  public static LoopDevice attach(Path file) throws NativeException {
    Path absolute = Objects.requireNonNull(file, "file").toAbsolutePath();
    if (!Files.isRegularFile(absolute)) {
      throw Files.exists(absolute)
          ? new NativeException(Errno.EINVAL, "loop attach", absolute, "not a regular file, which a loop device needs")
          : new NativeException(Errno.ENOENT, "loop attach", absolute, "give an existing file");
    }
    LibcCalls libc = Libc.calls();
    boolean readOnly = false;
    int backing = libc.open(absolute.toString(), OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC, 0);
    if (backing == -Errno.EROFS || backing == -Errno.EACCES) {
      readOnly = true;
      backing = libc.open(absolute.toString(), OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0);
    }
    Errno.checkReturned(backing, "open", absolute);
    try {
      return attach(absolute, backing, readOnly);
    } finally {
      libc.close(backing); // the device holds the file of its own
    }
  }

  /** Attaches the first free loop device to the open {@code backing}; closes every descriptor it opened. */
  static LoopDevice attach(Path file, int backing, boolean readOnly) throws NativeException {
    LibcCalls libc = Libc.calls();
    Path controlPath = Path.of("/dev/loop-control");
    int control = libc.open(controlPath.toString(), OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC, 0);
    if (control < 0) {
      throw new NativeException(-control, "open", controlPath,
          control == -Errno.ENOENT
              ? "load the loop driver (modprobe loop)"
              : "loop devices need write access to it (root, or its group)");
    }
    try {
      NativeException busy = null;
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        int number = Errno.check(
            IoctlNative.ioctl(control, LoopConfig.LOOP_CTL_GET_FREE, 0L), "ioctl(LOOP_CTL_GET_FREE)", controlPath);
        Path device = Path.of("/dev/loop" + number);
        int loop = Errno.checkReturned(
            libc.open(device.toString(), OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC, 0), "open", device);
        try {
          configure(loop, backing, file, readOnly, device);
          return new LoopDevice(device, file, loop);
        } catch (NativeException e) {
          libc.close(loop);
          if (e.errno() != Errno.EBUSY) {
            throw e;
          }
          busy = e; // taken by another process between LOOP_CTL_GET_FREE and ours: ask again
        }
      }
      throw busy;
    } finally {
      libc.close(control);
    }
  }

  /**
   * Binds {@code loop} to {@code backing} with autoclear set, through {@code LOOP_CONFIGURE} (Linux 5.8) or,
   * on older kernels, {@code LOOP_SET_FD} and {@code LOOP_SET_STATUS64}.
   */
  private static void configure(int loop, int backing, Path file, boolean readOnly, Path device)
      throws NativeException {
    try (Memory config = new Memory(LoopConfig.SIZE)) {
      config.clear();
      config.setInt(LoopConfig.FD, backing);
      LoopConfig.writeInfo(config, LoopConfig.INFO, file, readOnly);
      try {
        Errno.check(IoctlNative.ioctl(loop, LoopConfig.LOOP_CONFIGURE, config), "ioctl(LOOP_CONFIGURE)", device);
      } catch (NativeException e) {
        if (e.errno() != Errno.EINVAL && e.errno() != Errno.ENOTTY) {
          throw e;
        }
        configureTheOldWay(loop, backing, config.share(LoopConfig.INFO), device); // before Linux 5.8
      }
    }
  }

  /** Before Linux 5.8: bind, then set the flags; unbinds again when the flags cannot be set. */
  static void configureTheOldWay(int loop, int backing, Pointer info, Path device)
      throws NativeException {
    Errno.check(IoctlNative.ioctl(loop, LoopConfig.LOOP_SET_FD, (long) backing), "ioctl(LOOP_SET_FD)", device);
    try {
      Errno.check(IoctlNative.ioctl(loop, LoopConfig.LOOP_SET_STATUS64, info), "ioctl(LOOP_SET_STATUS64)", device);
    } catch (NativeException e) {
      IoctlNative.ioctl(loop, LoopConfig.LOOP_CLR_FD, 0L);
      throw e;
    }
  }

  /** Returns the device, such as {@code /dev/loop3}. */
  public Path path() {
    return path;
  }

  /** Returns the absolute path of the file the device was attached over. */
  public Path backingFile() {
    return backingFile;
  }

  /**
   * Closes this object's descriptor of the device: the kernel detaches it now, or when the last other descriptor
   * of it closes (a test's own, or udev's while it probes the new disk). Idempotent.
   */
  @Override
  public void close() {
    int fd = holder.getAndSet(-1);
    if (fd >= 0) {
      Libc.calls().close(fd);
    }
  }

  @Override
  public String toString() {
    return "LoopDevice{" + path + " over " + backingFile + "}";
  }
}
