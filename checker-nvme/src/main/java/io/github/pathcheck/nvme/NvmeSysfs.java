package io.github.pathcheck.nvme;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What Linux's sysfs says about NVMe controllers and their paths, under a root that is {@code /sys} on a host and
 * a temporary directory in tests: which controller a character device number belongs to ({@code
 * dev/char/MAJOR:MINOR} and its {@code subsystem} link), a controller's {@code state} and {@code dev}, and the
 * path devices ({@code nvmeXcZnY}) under it with their {@code nsid}, {@code ana_state} and logical block size.
 *
 * <p>Holds nothing but the root; thread-safe. Every call reads the files again.
 */
final class NvmeSysfs {
  /** A path device's name: {@code nvme<subsystem>c<controller>n<namespace head>}. */
  private static final Pattern PATH_DEVICE = Pattern.compile("nvme\\d+c\\d+n\\d+");

  private final Path root;

  NvmeSysfs(Path root) {
    this.root = Objects.requireNonNull(root, "root");
  }

  /** Returns the host's sysfs, {@code /sys}. */
  static NvmeSysfs system() {
    return new NvmeSysfs(Path.of("/sys"));
  }

  /**
   * Returns the controller whose character device has {@code number}: its sysfs directory, if the device
   * belongs to class {@code nvme} (a controller, not a generic namespace node nor any other driver's).
   */
  Optional<Controller> controllerOf(DeviceNumber number) {
    Path link = root.resolve("dev/char/" + number);
    try {
      Path directory = link.toRealPath();
      Path subsystem = directory.resolve("subsystem").toRealPath();
      if (!subsystem.getFileName().toString().equals("nvme")) {
        return Optional.empty();
      }
      return Optional.of(new Controller(directory, number.toString()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** A controller's sysfs directory and the device number its character device has. */
  static final class Controller {
    private final Path directory;
    private final String deviceNumber;

    Controller(Path directory, String deviceNumber) {
      this.directory = directory;
      this.deviceNumber = deviceNumber;
    }

    /** Returns the controller's name, such as {@code nvme1}. */
    String name() {
      return directory.getFileName().toString();
    }

    /**
     * Returns the controller's {@code state} ({@code live}, {@code resetting}, {@code connecting}, {@code
     * deleting}, ...), or empty when the controller is gone from sysfs or its directory now belongs to another
     * device number (the controller was deleted).
     */
    Optional<String> state() {
      Optional<String> dev = read(directory.resolve("dev"));
      if (dev.isEmpty() || !dev.get().equals(deviceNumber)) {
        return Optional.empty();
      }
      return read(directory.resolve("state"));
    }

    /** Returns the controller's path devices, in name order; empty when it has none or is gone. */
    List<PathDevice> paths() {
      List<PathDevice> paths = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
        for (Path entry : entries) {
          String name = entry.getFileName().toString();
          if (!PATH_DEVICE.matcher(name).matches()) {
            continue;
          }
          Optional<String> nsid = read(entry.resolve("nsid"));
          if (nsid.isEmpty()) {
            continue;
          }
          try {
            paths.add(new PathDevice(entry, Integer.parseUnsignedInt(nsid.get())));
          } catch (NumberFormatException e) {
            // not a namespace identifier: not a path device this checker understands
          }
        }
      } catch (IOException e) {
        return List.of();
      }
      paths.sort((a, b) -> a.name().compareTo(b.name()));
      return paths;
    }

    /** Returns the path device of namespace {@code nsid} through this controller, if the kernel shows one. */
    Optional<PathDevice> path(int nsid) {
      for (PathDevice path : paths()) {
        if (path.nsid() == nsid) {
          return Optional.of(path);
        }
      }
      return Optional.empty();
    }

    @Override
    public String toString() {
      return name();
    }
  }

  /** One path device, {@code nvmeXcZnY}: one namespace through one controller. */
  static final class PathDevice {
    private final Path directory;
    private final int nsid;

    PathDevice(Path directory, int nsid) {
      this.directory = directory;
      this.nsid = nsid;
    }

    /** Returns the path device's name, such as {@code nvme0c1n1}. */
    String name() {
      return directory.getFileName().toString();
    }

    /** Returns the namespace identifier. */
    int nsid() {
      return nsid;
    }

    /** Returns the kernel's {@code ana_state} of the path, or empty when the controller does not use ANA. */
    Optional<String> anaState() {
      return read(directory.resolve("ana_state"));
    }

    /** Returns the namespace's logical block size in bytes, or empty when sysfs does not show it. */
    Optional<Integer> logicalBlockSize() {
      try {
        return read(directory.resolve("queue/logical_block_size")).map(Integer::parseInt);
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
  }

  /** Returns the file's content without surrounding white space, or empty if it cannot be read. */
  private static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file).trim());
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // gone (NoSuchFileException), unreadable, or not text: no value
    }
  }
}
