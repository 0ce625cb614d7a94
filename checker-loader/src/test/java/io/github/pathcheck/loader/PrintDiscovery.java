package io.github.pathcheck.loader;

import java.nio.file.Path;

/**
 * Builds a registry over the plugin directory named by its argument and prints each available checker's name
 * on a line {@code available <name>} and each problem on a line {@code problem <text>}; for tests that must
 * run discovery in a process of its own.
 */
final class PrintDiscovery {
  private PrintDiscovery() {}

  public static void main(String[] args) {
    try (CheckerRegistry registry = CheckerRegistry.builder().pluginDirectory(Path.of(args[0])).build()) {
      registry.available().forEach(d -> System.out.println("available " + d.name()));
      registry.problems().forEach(p -> System.out.println("problem " + p));
    }
  }
}
