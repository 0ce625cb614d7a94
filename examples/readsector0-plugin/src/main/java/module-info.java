/**
 * The readsector0 path checker, an example of a third-party plugin: it needs the checker SPI and the host's
 * checker-native. See {@link io.github.pathcheck.examples.readsector0.Readsector0CheckerProvider}.
 */
module io.github.pathcheck.examples.readsector0 {
  requires io.github.pathcheck.api;
  requires io.github.pathcheck.nativeio; // SG_IO and the SCSI layer, supplied by the host

  provides io.github.pathcheck.api.CheckerProvider with
      io.github.pathcheck.examples.readsector0.Readsector0CheckerProvider;
}
