package io.github.pathcheck.nativeio;

import io.github.pathcheck.nativeio.platform.LinuxArch;

/**
 * {@code open(2)} and {@code fcntl(F_GETFL/F_SETFL)} flag values for the architecture this JVM runs on. They are
 * not compile-time constants: {@code O_DIRECT} is {@code 040000} on x86_64 but {@code 0200000} on aarch64 (and
 * {@code O_DIRECTORY} the other way round), so never copy them from another architecture's headers.
 *
 * <p>Loading this class on an unsupported platform (anything but Linux on x86_64 or aarch64) fails with an
 * {@link ExceptionInInitializerError} whose cause says so.
 */
public final class OpenFlags {
  /** Open for reading only. */
  public static final int O_RDONLY = 0;

  /** Open for reading and writing. */
  public static final int O_RDWR = 2;

  /** Close the descriptor on {@code exec}. */
  public static final int O_CLOEXEC = LinuxArch.current().oCloexec();

  /** Bypass the page cache. */
  public static final int O_DIRECT = LinuxArch.current().oDirect();

  /** Do not block on open or I/O. */
  public static final int O_NONBLOCK = LinuxArch.current().oNonblock();

  /** Fail unless the path is a directory. */
  public static final int O_DIRECTORY = LinuxArch.current().oDirectory();

  /**
   * Open only a location in the file system, without opening the file itself (no driver's open, no wait for a
   * FIFO's writer); {@code 010000000} on x86_64 and aarch64 alike.
   */
  static final int O_PATH = 010000000;

  private OpenFlags() {}
}
