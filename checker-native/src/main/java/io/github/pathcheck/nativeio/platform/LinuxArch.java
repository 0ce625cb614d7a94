package io.github.pathcheck.nativeio.platform;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Facts about the Linux architecture this JVM runs on that differ between architectures: system call numbers
 * and {@code open(2)} flag values. Supported: x86_64 and aarch64.
 *
 * <p>Instances are immutable and shared.
 */
public final class LinuxArch {
  private static final LinuxArch X86_64 =
      new LinuxArch(
          "x86_64",
          new long[] {206, 207, 209, 210, 208},
          /* O_NONBLOCK */ 04000,
          /* O_DIRECT */ 040000,
          /* O_DIRECTORY */ 0200000,
          /* O_CLOEXEC */ 02000000);

  /** aarch64 uses the asm-generic syscall table and its own {@code <asm/fcntl.h>}. */
  private static final LinuxArch AARCH64 =
      new LinuxArch(
          "aarch64",
          new long[] {0, 1, 2, 3, 4},
          /* O_NONBLOCK */ 04000,
          /* O_DIRECT */ 0200000,
          /* O_DIRECTORY */ 040000,
          /* O_CLOEXEC */ 02000000);

  private static final LinuxArch CURRENT =
      forOsProperties(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));

  private final String name;
  private final Map<Syscall, Long> syscallNumbers = new EnumMap<>(Syscall.class);
  private final int oNonblock;
  private final int oDirect;
  private final int oDirectory;
  private final int oCloexec;

  /** @param syscallNumbers in {@link Syscall} declaration order */
  private LinuxArch(
      String name, long[] syscallNumbers, int oNonblock, int oDirect, int oDirectory, int oCloexec) {
    this.name = name;
    for (Syscall syscall : Syscall.values()) {
      this.syscallNumbers.put(syscall, syscallNumbers[syscall.ordinal()]);
    }
    this.oNonblock = oNonblock;
    this.oDirect = oDirect;
    this.oDirectory = oDirectory;
    this.oCloexec = oCloexec;
  }

  /** Returns whether this JVM runs on a supported Linux architecture; when false, {@link #current()} throws. */
  static boolean isSupported() {
    return CURRENT != null;
  }

  /**
   * Returns the architecture this JVM runs on.
   *
   * @throws UnsupportedOperationException if it is not Linux on x86_64 or aarch64
   */
  public static LinuxArch current() {
    if (CURRENT == null) {
      throw new UnsupportedOperationException(
          "pathcheck's native calls support Linux on x86_64 and aarch64, but this JVM runs on "
              + System.getProperty("os.name")
              + " "
              + System.getProperty("os.arch")
              + "; run the host on a supported platform");
    }
    return CURRENT;
  }

  /** Maps the JVM's {@code os.name} and {@code os.arch} to a supported architecture, or null. */
  static LinuxArch forOsProperties(String osName, String osArch) {
    if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
      return null;
    }
    switch (osArch.toLowerCase(Locale.ROOT)) {
      case "amd64":
      case "x86_64":
        return X86_64;
      case "aarch64":
      case "arm64":
        return AARCH64;
      default:
        return null;
    }
  }

  /** Returns the kernel's name of the architecture, as {@code uname -m} prints it: "x86_64" or "aarch64". */
  public String name() {
    return name;
  }

  /** Returns the number to pass to libc's {@code syscall(2)} for {@code syscall} on this architecture. */
  public long syscallNumber(Syscall syscall) {
    return syscallNumbers.get(syscall);
  }

  /** Returns {@code O_NONBLOCK} for {@code open(2)} on this architecture. */
  public int oNonblock() {
    return oNonblock;
  }

  /** Returns {@code O_DIRECT} for {@code open(2)} on this architecture. */
  public int oDirect() {
    return oDirect;
  }

  /** Returns {@code O_DIRECTORY} for {@code open(2)} on this architecture. */
  public int oDirectory() {
    return oDirectory;
  }

  /** Returns {@code O_CLOEXEC} for {@code open(2)} on this architecture. */
  public int oCloexec() {
    return oCloexec;
  }

  @Override
  public String toString() {
    return name;
  }
}
