package io.github.pathcheck.loader;

import io.github.pathcheck.api.PathDevice;
import java.nio.file.Path;

/** A device for checkers that never touch it: a path and an fd number, which need not be open. */
public record TestDevice(Path path, int fd) implements PathDevice {
  static TestDevice of(String path) {
    return new TestDevice(Path.of(path), 3);
  }
}
