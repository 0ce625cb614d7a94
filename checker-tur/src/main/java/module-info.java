/**
 * The tur checker: asks a SCSI device whether it is ready with TEST UNIT READY through {@code SG_IO}. See
 * {@link io.github.pathcheck.tur.TurCheckerProvider}.
 */
module io.github.pathcheck.tur {
  requires transitive io.github.pathcheck.api;
  requires io.github.pathcheck.nativeio;
  requires org.slf4j;

  exports io.github.pathcheck.tur;

  provides io.github.pathcheck.api.CheckerProvider with
      io.github.pathcheck.tur.TurCheckerProvider,
      io.github.pathcheck.tur.CcissTurCheckerProvider;
}
