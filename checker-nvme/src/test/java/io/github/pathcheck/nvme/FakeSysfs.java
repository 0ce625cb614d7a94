package io.github.pathcheck.nvme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A sysfs tree in a temporary directory laid out as Linux lays out NVMe controllers: {@code dev/char/M:m} links to
 * the controller's device directory, whose {@code subsystem} links to {@code class/nvme}, with {@code dev}, {@code
 * state}, and the path devices {@code nvmeXcZnY} under it.
 */
final class FakeSysfs {
  private final Path root;

  FakeSysfs(Path root) {
    this.root = root;
    mkdirs(root.resolve("class/nvme"));
    mkdirs(root.resolve("class/nvme-generic"));
    mkdirs(root.resolve("dev/char"));
  }

  Path root() {
    return root;
  }

  NvmeSysfs sysfs() {
    return new NvmeSysfs(root);
  }

  /** Adds controller {@code name} with device number {@code major:minor}, in {@code state}. */
  Path controller(String name, int major, int minor, String state) {
    return device("devices/virtual/nvme-fabrics/ctl/" + name, "nvme", major, minor, state);
  }

  /** Adds a generic namespace node {@code name}: class nvme-generic. */
  Path generic(String name, int major, int minor) {
    return device("devices/virtual/nvme-subsystem/nvme-subsys0/" + name, "nvme-generic", major, minor, null);
  }

  private Path device(String at, String cls, int major, int minor, String state) {
    Path dir = root.resolve(at);
    mkdirs(dir);
    try {
      Files.createSymbolicLink(dir.resolve("subsystem"), root.resolve("class/" + cls));
      Files.writeString(dir.resolve("dev"), major + ":" + minor + "\n");
      if (state != null) {
        Files.writeString(dir.resolve("state"), state + "\n");
      }
      Files.deleteIfExists(root.resolve("dev/char/" + major + ":" + minor));
      Files.createSymbolicLink(root.resolve("dev/char/" + major + ":" + minor), dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /** Adds path device {@code name} of namespace {@code nsid} under {@code controller}. */
  Path path(Path controller, String name, int nsid, String anaState, int blockSize) {
    Path dir = controller.resolve(name);
    mkdirs(dir.resolve("queue"));
    write(dir.resolve("nsid"), Integer.toUnsignedString(nsid));
    if (anaState != null) {
      write(dir.resolve("ana_state"), anaState);
    }
    write(dir.resolve("queue/logical_block_size"), Integer.toString(blockSize));
    return dir;
  }

  static void write(Path file, String content) {
    try {
      Files.writeString(file, content + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path dir) {
    try (var entries = Files.walk(dir)) {
      entries.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
