/**
 * The pathcheck service-provider interface: what a path checker implements and what a host calls.
 *
 * <p>This module depends on nothing but {@code java.base}. A third-party checker needs only this
 * module at run time; see {@link io.github.pathcheck.api.CheckerProvider} for where to start.
 */
module io.github.pathcheck.api {
  exports io.github.pathcheck.api;

  uses io.github.pathcheck.api.CheckerProvider;
}
