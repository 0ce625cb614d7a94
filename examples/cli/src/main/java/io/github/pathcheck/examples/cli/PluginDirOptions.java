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
 * The {@code --plugin-dir} and {@code --allow-untrusted-plugins} options of every command that loads checkers,
 * and the registry they open: the class path plus those plugin directories.
 */
final class PluginDirOptions {
  /**
   * How long the CLI waits for a checker class's reset or unload before the registry reports it deferred: the
   * CLI ends promptly even when a plugin's unload hangs.
   */
  static final Duration LIFECYCLE_TIMEOUT = Duration.ofMillis(500);

  /** How long the CLI waits, on its way out, for unloaded classes to release what they still hold. */
  static final Duration RELEASE_BOUND = Duration.ofSeconds(1);

  @Option(
      names = "--plugin-dir",
      paramLabel = "DIR",
      description = "Also load plugins from DIR (each jar, or each folder of jars, is one plugin). Repeatable.")
  List<Path> dirs = new ArrayList<>();

  @Option(
      names = "--allow-untrusted-plugins",
      description = "Also load plugins that other users could have written (a jar or directory not owned by"
          + " root or you, or writable by group or others, or a link out of the plugin directory); they are"
          + " refused by default. A plugin runs as pathcheck does.")
  boolean allowUntrusted;

  /**
   * Opens a registry over the class path and the plugin directories, printing each discovery problem (a jar
   * that is not a plugin, a plugin that failed or was refused as untrusted) as one warning line on {@code
   * err}. The caller closes it.
   */
  CheckerRegistry openRegistry(PrintWriter err) {
    return openRegistry(err, java.util.Map.of());
  }

  /** As {@link #openRegistry(PrintWriter)}, giving each checker named in {@code classOptions} those options. */
  CheckerRegistry openRegistry(PrintWriter err, java.util.Map<String, java.util.Map<String, String>> classOptions) {
    CheckerRegistry.Builder builder =
        CheckerRegistry.builder()
            .lifecycleTimeout(LIFECYCLE_TIMEOUT)
            .allowUntrustedPlugins(allowUntrusted);
    classOptions.forEach(builder::classOptions);
    for (Path dir : dirs) {
      builder.pluginDirectory(dir);
    }
    CheckerRegistry registry = builder.build();
    for (String problem : registry.problems()) {
      err.println("pathcheck: warning: " + ControlCharacters.escape(problem));
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

  /**
   * Closes {@code registry} (which unloads every class) and waits at most {@code bound} for the unloaded
   * classes to release what they hold. A call stuck in a hung device or plugin is never waited for: the pool
   * threads it holds are daemon threads, so the process still exits. What is left running is said in one
   * warning line on {@code err}: {@code leftRunning} when the caller knows (such as "the check of /dev/sdc"),
   * else the checker's name.
   *
   * @param leftRunning what the caller knows to be stuck, one readable phrase; empty if nothing is known
   */
  static void closeBounded(
      CheckerRegistry registry, Duration bound, String checkerName, String leftRunning, PrintWriter err) {
    registry.close();
    boolean released;
    try {
      released = awaitUnloads(registry, leftRunning.isEmpty() ? bound : Duration.ZERO);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      released = false;
    }
    if (!released) {
      err.println("pathcheck: warning: exiting with "
          + (leftRunning.isEmpty()
              ? "the " + checkerName + " checker still releasing resources after " + bound.toMillis() + " ms"
              : leftRunning + " still running, stuck past the checker timeout")
          + "; not waiting for it");
      err.flush();
    }
  }
}
