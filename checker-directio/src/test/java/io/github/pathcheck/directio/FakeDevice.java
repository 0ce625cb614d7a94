package io.github.pathcheck.directio;

import io.github.pathcheck.api.PathDevice;
import java.nio.file.Path;

/** A device as a host hands it over, with a made-up descriptor the fake kernel knows. */
record FakeDevice(Path path, int fd) implements PathDevice {
  static FakeDevice of(int fd) {
    return new FakeDevice(Path.of("/dev/fake" + fd), fd);
  }
}
