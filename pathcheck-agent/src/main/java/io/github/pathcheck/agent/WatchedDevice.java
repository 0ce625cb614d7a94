package io.github.pathcheck.agent;

import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import java.nio.file.Path;

/**
 * A device the agent opened, under the name it watches it by: the node's own path, or for a per-controller NVMe
 * path the path's name ({@code nvme0c1n1}) while the node is its controller's ({@code /dev/nvme1}), so that each
 * namespace through a controller is a path of its own in the monitor. Closing closes the node.
 */
final class WatchedDevice implements PathDevice, AutoCloseable {
  private final Path name;
  private final LinuxPathDevice node;

  WatchedDevice(Path name, LinuxPathDevice node) {
    this.name = name;
    this.node = node;
  }

  /** Returns the name the path is watched by, the monitor's key and the metrics' {@code path}. */
  @Override
  public Path path() {
    return name;
  }

  @Override
  public int fd() {
    return node.fd();
  }

  @Override
  public void close() {
    node.close();
  }

  @Override
  public String toString() {
    return name.equals(node.path()) ? name.toString() : name + " (through " + node.path() + ")";
  }
}
