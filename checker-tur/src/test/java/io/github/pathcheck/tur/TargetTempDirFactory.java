package io.github.pathcheck.tur;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/** Temporary directories under {@code target/}, on the project's disk rather than a possible tmpfs. */
final class TargetTempDirFactory implements TempDirFactory {
  @Override
  public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension)
      throws IOException {
    Path parent = Files.createDirectories(Path.of("target", "test-tmp"));
    return Files.createTempDirectory(parent, "junit").toAbsolutePath();
  }
}
