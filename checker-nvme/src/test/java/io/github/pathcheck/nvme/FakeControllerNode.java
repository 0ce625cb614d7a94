package io.github.pathcheck.nvme;

import io.github.pathcheck.api.PathDevice;
import java.nio.file.Path;

/**
 * An NVMe controller node that exists only for a {@link FakeTransport}: a name, a descriptor number and a device
 * number.
 */
final class FakeControllerNode implements PathDevice {
  final int major;
  final int minor;
  private final Path path;

  FakeControllerNode(String path, int major, int minor) {
    this.path = Path.of(path);
    this.major = major;
    this.minor = minor;
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public int fd() {
    return 1000;
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
