package io.github.pathcheck.vendors;

import io.github.pathcheck.api.PathDevice;
import java.nio.file.Path;

/** A device that exists only for a {@link FakeScsiTransport}: a name and a descriptor number. */
final class FakeDevice implements PathDevice {
  private final Path path;
  private final int fd;

  FakeDevice(String path) {
    this(path, 1000);
  }

  FakeDevice(String path, int fd) {
    this.path = Path.of(path);
    this.fd = fd;
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public int fd() {
    return fd;
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
