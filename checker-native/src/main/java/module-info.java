/**
 * The host's thin layer to Linux: JNA, and a small JNI library for the aio calls and for opening and preparing
 * a path where the build had gcc. Checkers use its plain Java API and never bind natives themselves.
 *
 * <p>The kernel aio calls and their structs ({@code nativeio.aio}) are the directio checker's binding, not part
 * of what plugins build on; the package is exported to every module because a host on the module path loads
 * directio, like any plugin jar, into an unnamed module, which a qualified export would not reach. The platform
 * facts and the JNI library's loader ({@code nativeio.platform}) are exported to no one. The main package is
 * opened to JNA only, which reads and writes the fields of the package-private {@code Structure} subclasses
 * that mirror kernel structs.
 */
module io.github.pathcheck.nativeio {
  requires transitive io.github.pathcheck.api;
  requires com.sun.jna;
  requires org.slf4j;

  exports io.github.pathcheck.nativeio;
  exports io.github.pathcheck.nativeio.aio;
  exports io.github.pathcheck.nativeio.scsi;
  exports io.github.pathcheck.nativeio.nvme;
  exports io.github.pathcheck.nativeio.uring;

  opens io.github.pathcheck.nativeio to
      com.sun.jna;
}
