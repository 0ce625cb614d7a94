package io.github.pathcheck.testkit;

import io.github.pathcheck.api.PathDevice;
import java.nio.file.Path;

/** A device whose descriptor is gone: fd -1. */
final class NoFdDevice implements PathDevice {
  private final Path path;

  NoFdDevice(Path path) {
    this.path = path;
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public int fd() {
    return -1;
  }

  @Override
  public String toString() {
    return "NoFdDevice{" + path + "}";
  }
}
