package io.github.pathcheck.nativeio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Loads a native library carried as a resource beside a class: copies it to a new file in {@code
 * java.io.tmpdir}, {@link System#load(String) loads} it for that class's loader, and deletes the file, loaded
 * or not (the mapping outlives the name, as for any unlinked file). A new file each time, because the JVM
 * refuses to load one path into two class loaders, and two plugin loaders may each load this module.
 */
final class BundledLibrary {
  private BundledLibrary() {}

  /**
   * Loads resource {@code fileName} of {@code owner}'s package into {@code owner}'s class loader.
   *
   * @throws UnsatisfiedLinkError when the resource is missing, cannot be copied, or does not load
   */
  static void load(Class<?> owner, String fileName) {
    Path copy = null;
    try (InputStream in = owner.getResourceAsStream(fileName)) {
      if (in == null) {
        throw new UnsatisfiedLinkError(
            fileName + " is not in the jar of " + owner.getName() + " (built where gcc was not found)");
      }
      copy = Files.createTempFile("pathcheck-", "-" + fileName);
      Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
      System.load(copy.toString());
    } catch (IOException e) {
      UnsatisfiedLinkError error =
          new UnsatisfiedLinkError("cannot copy " + fileName + " to " + (copy != null ? copy : "java.io.tmpdir")
              + ": " + e);
      error.initCause(e);
      throw error;
    } finally {
      if (copy != null) {
        try {
          Files.deleteIfExists(copy);
        } catch (IOException e) {
          // left in java.io.tmpdir; harmless, and nothing better to do from a class initializer
        }
      }
    }
  }
}
