/**
 * The SCSI vendor checkers of multipath-tools: hp_sw, rdac and emc_clariion, each a synchronous checker that
 * sends SCSI commands through checker-native's {@code SG_IO}. See {@link
 * io.github.pathcheck.vendors.HpSwCheckerProvider}, {@link io.github.pathcheck.vendors.RdacCheckerProvider} and
 * {@link io.github.pathcheck.vendors.EmcClariionCheckerProvider}.
 */
module io.github.pathcheck.vendors {
  requires transitive io.github.pathcheck.api;
  requires io.github.pathcheck.nativeio;
  requires org.slf4j;

  exports io.github.pathcheck.vendors;

  provides io.github.pathcheck.api.CheckerProvider with
      io.github.pathcheck.vendors.HpSwCheckerProvider,
      io.github.pathcheck.vendors.RdacCheckerProvider,
      io.github.pathcheck.vendors.EmcClariionCheckerProvider;
}
