package io.github.pathcheck.nvme;

import io.github.pathcheck.api.PathDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The device number of an open character device, read from {@code /proc/self/fd/N}, which names the very file the
 * descriptor has open (even after a rename). Stateless; thread-safe.
 */
final class CharacterDevices {
  private static final int S_IFMT = 0170000;
  private static final int S_IFCHR = 0020000;

  private CharacterDevices() {}

  /** Returns the number of the character device {@code device} has open, or empty for anything else. */
  static Optional<DeviceNumber> numberOf(PathDevice device) {
    int fd = device.fd();
    if (fd < 0) {
      return Optional.empty();
    }
    try {
      Map<String, Object> attributes = Files.readAttributes(Path.of("/proc/self/fd/" + fd), "unix:mode,rdev");
      int mode = (Integer) attributes.get("mode");
      if ((mode & S_IFMT) != S_IFCHR) {
        return Optional.empty();
      }
      long rdev = (Long) attributes.get("rdev");
      return Optional.of(new DeviceNumber(major(rdev), minor(rdev)));
    } catch (IOException | UnsupportedOperationException | ClassCastException e) {
      return Optional.empty();
    }
  }

  /** glibc's {@code major()}. */
  static int major(long rdev) {
    return (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
  }

  /** glibc's {@code minor()}. */
  static int minor(long rdev) {
    return (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
  }
}
