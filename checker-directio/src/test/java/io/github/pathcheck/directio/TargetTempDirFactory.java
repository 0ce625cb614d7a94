package io.github.pathcheck.directio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * {@link TempDir}s under {@code target/}, on the project's disk: {@code /tmp} may be a tmpfs, which does not
 * support {@code O_DIRECT} on every kernel.
 */
final class TargetTempDirFactory implements TempDirFactory {
  @Override
  public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension)
      throws IOException {
    Path parent = Files.createDirectories(Path.of("target", "test-tmp"));
    return Files.createTempDirectory(parent, "junit").toAbsolutePath();
  }
}
