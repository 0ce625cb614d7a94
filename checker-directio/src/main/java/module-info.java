/**
 * The directio path checker: reads one block with {@code O_DIRECT} through Linux aio, with aio contexts shared
 * by groups of checkers. See {@link io.github.pathcheck.directio.DirectioCheckerClass}.
 */
module io.github.pathcheck.directio {
  requires io.github.pathcheck.api;
  requires io.github.pathcheck.nativeio;
  requires org.slf4j;

  exports io.github.pathcheck.directio;

  provides io.github.pathcheck.api.CheckerProvider with
      io.github.pathcheck.directio.DirectioCheckerProvider;
}
