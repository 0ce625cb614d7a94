package io.github.pathcheck.examples.cli;

import io.github.pathcheck.loader.CheckerRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** Builds the CLI's checker registry: the class path plus the given plugin directories. */
final class Registries {
  private Registries() {}

  /**
   * Opens a registry over the class path and {@code pluginDirs}, printing each discovery problem (a jar that
   * is not a plugin, a plugin that failed) as a warning line on {@code err}.
   */
  static CheckerRegistry open(List<Path> pluginDirs, PrintWriter err) {
    CheckerRegistry.Builder builder = CheckerRegistry.builder();
    for (Path dir : pluginDirs) {
      builder.pluginDirectory(dir);
    }
    CheckerRegistry registry = builder.build();
    for (String problem : registry.problems()) {
      err.println("pathcheck: warning: " + problem);
    }
    err.flush();
    return registry;
  }
}
