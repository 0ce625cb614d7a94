/**
 * The readsector0 path checker, an example of a third-party plugin: it needs only the checker SPI and the
 * JDK. See {@link io.github.pathcheck.examples.readsector0.Readsector0CheckerProvider}.
 */
module io.github.pathcheck.examples.readsector0 {
  requires io.github.pathcheck.api;
  requires jdk.unsupported; // com.sun.nio.file.ExtendedOpenOption.DIRECT

  provides io.github.pathcheck.api.CheckerProvider with
      io.github.pathcheck.examples.readsector0.Readsector0CheckerProvider;
}
