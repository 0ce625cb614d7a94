package io.github.pathcheck.nativeio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The character devices that are storage paths: SCSI generic ({@code sg}, {@code bsg}) and NVMe controllers
 * and generic namespaces ({@code nvme}, {@code nvme-generic}), whose commands checkers send. Their majors are
 * read from {@code /proc/devices} (most are assigned at boot). Thread-safe; holds nothing.
 */
final class StorageCharacterDevices {
  private static final Set<String> DRIVERS = Set.of("sg", "bsg", "nvme", "nvme-generic");
  private static final Path PROC_DEVICES = Path.of("/proc/devices");

  private StorageCharacterDevices() {}

  /** Returns whether character device major {@code major} belongs to a storage driver. */
  static boolean isStorage(int major) {
    List<String> lines;
    try {
      lines = Files.readAllLines(PROC_DEVICES);
    } catch (IOException e) {
      return false;
    }
    boolean character = false;
    for (String line : lines) {
      String trimmed = line.trim();
      if (trimmed.equals("Character devices:")) {
        character = true;
      } else if (trimmed.equals("Block devices:")) {
        character = false;
      } else if (character) {
        String[] fields = trimmed.split("\\s+", 2);
        if (fields.length == 2 && fields[0].equals(Integer.toString(major)) && DRIVERS.contains(fields[1])) {
          return true;
        }
      }
    }
    return false;
  }
}
