package io.github.pathcheck.agent;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import io.github.pathcheck.nativeio.Errno;
import io.github.pathcheck.nativeio.NativeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A loop device made and removed through {@code /dev/loop-control} ({@code LOOP_CTL_ADD}, {@code
 * LOOP_CTL_REMOVE}), so that the kernel sends a whole disk's {@code add} and {@code remove} uevents for it
 * (attaching a file to an existing loop device sends only {@code change}). Root only. {@link #close()}
 * removes it, and fails if something still holds it open.
 */
final class AddedLoopDevice implements AutoCloseable {
  private static final long LOOP_CTL_ADD = 0x4C80;
  private static final long LOOP_CTL_REMOVE = 0x4C81;
  private static final int O_RDWR = 2;
  private static final int O_CLOEXEC = 0x80000;
  private static final int EEXIST = 17;
  /** Far above the numbers LOOP_CTL_GET_FREE hands out first, so that no other test's device is in the way. */
  private static final int FIRST_INDEX = 3000;

  static {
    Native.register(AddedLoopDevice.class, Platform.C_LIBRARY_NAME);
  }

  private static native int open(String path, int flags, int mode);

  private static native int ioctl(int fd, long request, long arg);

  private static native int close(int fd);

  private final int index;
  private boolean removed;

  private AddedLoopDevice(int index) {
    this.index = index;
  }

  /** Returns the first loop number from {@code from} on that no device has, for a name known in advance. */
  static int freeIndex(int from) {
    int index = Math.max(from, FIRST_INDEX);
    while (Files.exists(Path.of("/sys/block/loop" + index))) {
      index++;
    }
    return index;
  }

  /** Makes the loop device {@code /dev/loop<index>}. */
  static AddedLoopDevice add(int index) throws IOException {
    control(LOOP_CTL_ADD, index, "LOOP_CTL_ADD");
    return new AddedLoopDevice(index);
  }

  String name() {
    return "loop" + index;
  }

  Path devnode() {
    return Path.of("/dev", name());
  }

  /** Makes the kernel send a {@code remove} uevent for the device while it stays (as {@code udevadm trigger}). */
  void synthesizeRemove() throws IOException {
    Files.writeString(Path.of("/sys/block", name(), "uevent"), "remove");
  }

  /** Removes the device; fails with EBUSY while anything holds it open. */
  @Override
  public synchronized void close() throws IOException {
    if (!removed) {
      control(LOOP_CTL_REMOVE, index, "LOOP_CTL_REMOVE");
      removed = true;
    }
  }

  private static void control(long request, int index, String name) throws IOException {
    Path control = Path.of("/dev/loop-control");
    int fd = open(control.toString(), O_RDWR | O_CLOEXEC, 0);
    if (fd < 0) {
      throw new NativeException(Native.getLastError(), "open", control);
    }
    try {
      if (ioctl(fd, request, index) < 0) {
        int errno = Native.getLastError();
        throw new IOException(name + " " + index + " on " + control + " failed: " + Errno.name(errno)
            + (errno == EEXIST ? " (the number is taken)" : ""));
      }
    } finally {
      close(fd);
    }
  }
}
