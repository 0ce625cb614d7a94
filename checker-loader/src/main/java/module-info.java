/**
 * The checker registry: discovers {@link io.github.pathcheck.api.CheckerProvider}s on the class path, the
 * module path and in plugin directories, and loads, refcounts, resets and unloads checker classes by name.
 *
 * <p>Start at {@link io.github.pathcheck.loader.CheckerRegistry}; {@link io.github.pathcheck.loader.PathMonitor}
 * runs the checker loop over a host's paths. The built-in {@code none} checker is {@link
 * io.github.pathcheck.loader.NoneCheckerProvider}.
 */
module io.github.pathcheck.loader {
  requires transitive io.github.pathcheck.api;
  requires org.slf4j;

  exports io.github.pathcheck.loader;

  uses io.github.pathcheck.api.CheckerProvider;

  provides io.github.pathcheck.api.CheckerProvider with
      io.github.pathcheck.loader.NoneCheckerProvider;
}
