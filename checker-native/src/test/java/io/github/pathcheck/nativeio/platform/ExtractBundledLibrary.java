package io.github.pathcheck.nativeio.platform;

import java.nio.file.Path;

/**
 * Extracts a resource as {@link BundledLibrary} extracts a native library, into the directory {@code args[0]},
 * and prints the file it made (left for the caller to inspect and delete): run in a JVM of its own by {@link
 * BundledLibraryTest}, under a umask the test chooses.
 */
final class ExtractBundledLibrary {
  private ExtractBundledLibrary() {}

  public static void main(String[] args) throws Exception {
    System.out.println(
        BundledLibrary.extract(ExtractBundledLibrary.class, "ExtractBundledLibrary.class", Path.of(args[0])));
  }
}
