/**
 * The checker registry and the framework around checkers: discovers {@link
 * io.github.pathcheck.api.CheckerProvider}s on the class path, the module path and in plugin directories, loads,
 * refcounts, resets and unloads checker classes by name, and runs every call into a checker within a bound.
 *
 * <p>Start at {@link io.github.pathcheck.loader.CheckerRegistry}; {@link io.github.pathcheck.loader.PathChecker}
 * is one path's checker as a host holds it, and {@link io.github.pathcheck.monitor.PathMonitor} runs the checker
 * loop over a host's paths. The built-in {@code none} checker is {@link
 * io.github.pathcheck.loader.NoneCheckerProvider}.
 */
module io.github.pathcheck.loader {
  requires transitive io.github.pathcheck.api;
  requires org.slf4j;

  exports io.github.pathcheck.loader;
  exports io.github.pathcheck.monitor;

  uses io.github.pathcheck.api.CheckerProvider;

  provides io.github.pathcheck.api.CheckerProvider with
      io.github.pathcheck.loader.NoneCheckerProvider;
}
