/**
 * The host's thin JNA layer to Linux, with a five-function JNI library for the aio calls where the build had
 * gcc. Checkers use its plain Java API and never bind natives themselves.
 *
 * <p>The package is opened to JNA only, which reads and writes the fields of the package-private {@code
 * Structure} subclasses that mirror kernel structs.
 */
module io.github.pathcheck.nativeio {
  requires transitive io.github.pathcheck.api;
  requires com.sun.jna;
  requires org.slf4j;

  exports io.github.pathcheck.nativeio;
  exports io.github.pathcheck.nativeio.scsi;
  exports io.github.pathcheck.nativeio.nvme;
  exports io.github.pathcheck.nativeio.uring;

  opens io.github.pathcheck.nativeio to
      com.sun.jna;
}
