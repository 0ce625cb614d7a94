/**
 * The ana checker: an NVMe path's controller state and ANA state, read through that path's controller. See
 * {@link io.github.pathcheck.nvme.AnaCheckerProvider}.
 */
module io.github.pathcheck.nvme {
  requires transitive io.github.pathcheck.api;
  requires io.github.pathcheck.nativeio;
  requires org.slf4j;

  exports io.github.pathcheck.nvme;

  provides io.github.pathcheck.api.CheckerProvider with
      io.github.pathcheck.nvme.AnaCheckerProvider;
}
