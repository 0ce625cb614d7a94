package io.github.pathcheck.api;

import java.util.Map;

/**
 * The service through which a host discovers a checker, like {@code java.sql.Driver} for JDBC: the entry in
 * {@code META-INF/services/io.github.pathcheck.api.CheckerProvider} (or {@code provides ... with ...} in a
 * module descriptor) of every checker jar.
 *
 * <p>A provider is cheap to create and holds nothing: {@link java.util.ServiceLoader} may instantiate it only
 * to read its {@link #name()}. Resources belong to the {@link CheckerClass} that {@link #load} returns. A
 * provider needs a public no-argument constructor.
 *
 * <p><b>Plugins.</b> A checker loaded from a plugin directory runs in a class loader of its own, which the
 * host drops after unload. Such a checker must leave nothing behind that refers to its classes: no thread
 * still running after {@link UnloadResult#released()}, no registration in a shared cache. In particular it
 * must not bind native code itself ({@code com.sun.jna.Native.register} or {@code Native.load} keep the class
 * loader reachable forever); it uses the host's {@code io.github.pathcheck.nativeio} module instead.
 *
 * <p><b>Threading.</b> Implementations are thread-safe.
 */
public interface CheckerProvider {

  /**
   * The version of this SPI, {@code major.minor}. A host loads a plugin built against the same major version
   * and a minor version no newer than its own.
   */
  String SPI_VERSION = "1.0";

  /**
   * The manifest attribute in which a plugin jar records the {@link #SPI_VERSION} it was built against. The
   * build writes it (see the README's plugin guide); a host refuses a plugin without it, or with an
   * incompatible version.
   */
  String SPI_VERSION_ATTRIBUTE = "Pathcheck-SPI-Version";

  /**
   * Returns the checker's name, by which hosts select it (multipath's {@code path_checker}): one to sixteen
   * characters of lower-case letters, digits, {@code _} and {@code -}, starting with a letter or digit, such as
   * {@code "directio"} or {@code "tur"}.
   */
  String name();

  /**
   * Loads the checker class. The host calls this once, on first use of the name, and {@link
   * CheckerClass#unload()} on the result when it no longer needs it.
   *
   * @param classOptions options that apply to every checker of the class (such as directio's {@code
   *     groupSize}); empty for the defaults
   * @throws IllegalArgumentException if {@code classOptions} holds a key the class does not know, or a value
   *     it cannot use; the message names the option and the accepted values
   */
  CheckerClass load(Map<String, String> classOptions);

  /**
   * Checks that {@code classOptions} is empty: for a {@link #load} whose class has no options.
   *
   * @param checkerName the checker's name, for the message
   * @throws IllegalArgumentException if there are options; the message names the checker and the options
   */
  static void requireNoClassOptions(String checkerName, Map<String, String> classOptions) {
    if (!classOptions.isEmpty()) {
      throw new IllegalArgumentException(
          "the " + checkerName + " checker has no class options, got " + classOptions.keySet());
    }
  }
}
