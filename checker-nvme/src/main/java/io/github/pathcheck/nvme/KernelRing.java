package io.github.pathcheck.nvme;

import io.github.pathcheck.nativeio.AnonymousMemory;
import io.github.pathcheck.nativeio.NativeException;
import io.github.pathcheck.nativeio.nvme.NvmeCommand;
import io.github.pathcheck.nativeio.nvme.NvmeUringCmd;
import io.github.pathcheck.nativeio.uring.CompletionHandler;
import io.github.pathcheck.nativeio.uring.IoUring;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real ring: an {@link IoUring} of {@value #ENTRIES} entries (and twice as many completions) carrying
 * {@code NVME_URING_CMD_ADMIN} commands. Not thread-safe, as {@link RingCalls} says.
 */
final class KernelRing implements RingCalls {
  static final int ENTRIES = 256;
  private static final Pattern RELEASE = Pattern.compile("(\\d{1,4})\\.(\\d{1,4})");

  private final IoUring ring;

  private KernelRing(IoUring ring) {
    this.ring = ring;
  }

  /** Opens kernel rings; says they are offered as {@link #offered(String, String)} does for this host. */
  static final RingCalls.Opener OPENER =
      new RingCalls.Opener() {
        @Override
        public RingCalls open() throws NativeException {
          return KernelRing.open();
        }

        @Override
        public boolean offered() {
          return KernelRing.offered(
              readOrNull(Path.of("/proc/sys/kernel/io_uring_disabled")),
              readOrNull(Path.of("/proc/sys/kernel/osrelease")));
        }
      };

  /**
   * Opens the ring.
   *
   * @throws NativeException as {@link IoUring#open} does
   */
  static RingCalls open() throws NativeException {
    return new KernelRing(IoUring.open(ENTRIES));
  }

  /**
   * Returns whether a kernel offers rings that take NVMe admin commands on a controller node: Linux 6.1 or later,
   * with io_uring not disabled ({@code kernel.io_uring_disabled}, since 6.6, is 2 when it is; 1 leaves it to
   * {@code CAP_SYS_ADMIN}, which NVMe passthrough needs anyway).
   *
   * @param ioUringDisabled the sysctl's value, or null where the kernel has none
   * @param osRelease the kernel's release, such as {@code 6.1.0-57-amd64}, or null when unknown
   */
  static boolean offered(String ioUringDisabled, String osRelease) {
    if (ioUringDisabled != null && ioUringDisabled.trim().equals("2")) {
      return false;
    }
    if (osRelease == null) {
      return false;
    }
    Matcher version = RELEASE.matcher(osRelease.trim());
    if (!version.lookingAt()) {
      return false;
    }
    int major = Integer.parseInt(version.group(1));
    int minor = Integer.parseInt(version.group(2));
    return major > 6 || (major == 6 && minor >= 1);
  }

  private static String readOrNull(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public int submit(int fd, NvmeCommand command, AnonymousMemory buffer, Duration timeout, long tag) {
    return ring.submitCommand(fd, NvmeUringCmd.ADMIN, NvmeUringCmd.of(command, buffer.address(), timeout), tag);
  }

  @Override
  public int reap(CompletionHandler handler) {
    return ring.reap(handler);
  }

  @Override
  public boolean await(int minComplete, long timeoutNanos) {
    return ring.await(minComplete, timeoutNanos);
  }

  @Override
  public int capacity() {
    return ring.completionEntries();
  }

  @Override
  public void close() {
    ring.close();
  }

  @Override
  public String toString() {
    return ring.toString();
  }
}
