package io.github.pathcheck.testkit;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Makes JUnit's {@code @TempDir}s under {@code target/test-tmp/} on the project's disk rather than in
 * {@code /tmp}, which may be a tmpfs without {@code O_DIRECT} on some kernels:
 * {@code @TempDir(factory = TargetTempDirFactory.class) Path dir;}. JUnit deletes each directory after its
 * test, as for any {@code @TempDir}. Stateless and thread-safe.
 */
public final class TargetTempDirFactory implements TempDirFactory {

  /** Creates the factory; JUnit does, from the annotation. */
  public TargetTempDirFactory() {}

  @Override
  public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension)
      throws IOException {
    return io.github.pathcheck.fixtures.TargetTempDirFactory.createTempDirectory();
  }
}
