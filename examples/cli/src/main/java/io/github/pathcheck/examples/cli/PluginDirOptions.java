package io.github.pathcheck.examples.cli;

import io.github.pathcheck.loader.CheckerRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/**
 * The {@code --plugin-dir} option of every command that loads checkers, and the registry it opens: the
 * class path plus those plugin directories.
 */
final class PluginDirOptions {

  @Option(
      names = "--plugin-dir",
      paramLabel = "DIR",
      description = "Also load plugins from DIR (each jar, or each folder of jars, is one plugin). Repeatable.")
  List<Path> dirs = new ArrayList<>();

  /**
   * Opens a registry over the class path and the plugin directories, printing each discovery problem (a jar
   * that is not a plugin, a plugin that failed) as a warning line on {@code err}. The caller closes it.
   */
  CheckerRegistry openRegistry(PrintWriter err) {
    CheckerRegistry.Builder builder = CheckerRegistry.builder();
    for (Path dir : dirs) {
      builder.pluginDirectory(dir);
    }
    CheckerRegistry registry = builder.build();
    for (String problem : registry.problems()) {
      err.println("pathcheck: warning: " + problem);
    }
    err.flush();
    return registry;
  }

  /**
   * Waits until every checker class {@code registry} unloaded has released its resources ({@link
   * CheckerRegistry#whenUnloadsReleased()}, which never completes exceptionally), at most {@code timeout}.
   *
   * @return whether they were released within {@code timeout}
   */
  static boolean awaitUnloads(CheckerRegistry registry, Duration timeout) throws InterruptedException {
    CountDownLatch released = new CountDownLatch(1);
    registry.whenUnloadsReleased().whenComplete((ignored, never) -> released.countDown());
    return released.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }
}
