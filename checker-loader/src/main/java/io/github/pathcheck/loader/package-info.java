/**
 * The checker registry: discovery of {@link io.github.pathcheck.api.CheckerProvider}s, loading by name,
 * reference counting, reset and unload ({@link io.github.pathcheck.loader.CheckerRegistry}), the built-in
 * {@code none} checker ({@link io.github.pathcheck.loader.NoneCheckerProvider}), and the checker loop hosts run
 * over their paths ({@link io.github.pathcheck.loader.PathMonitor}).
 *
 * <h2>Plugin directories</h2>
 *
 * <p>In a plugin directory, each {@code *.jar} file is one plugin, and each subdirectory holding jars is one
 * plugin made of all its jars (the plugin's jar and its private dependencies). Other entries are ignored. A
 * plugin declares its providers in {@code META-INF/services/io.github.pathcheck.api.CheckerProvider}; only
 * providers whose class the plugin's own jars define count.
 *
 * <h2>Isolation policy</h2>
 *
 * <p>Each plugin loads in a class loader of its own, which finds a class or resource by its package (a
 * resource {@code a/b/c.txt} belongs to package {@code a.b}, {@code META-INF/services/x} to {@code
 * META-INF.services}):
 *
 * <ol>
 *   <li><b>Parent-first, from the JDK:</b> {@code java.*} and every package of the JDK platform (the boot-layer
 *       modules defined to the boot or platform class loader), through the platform class loader.
 *   <li><b>Parent-first, from the host:</b> {@code io.github.pathcheck.api.*}, {@code
 *       io.github.pathcheck.nativeio.*}, {@code com.sun.jna.*} and {@code org.slf4j.*}, through the host class
 *       loader only: plugin and host share one SPI, one set of native bindings, one logging backend. Copies of
 *       these packages in a plugin's jars are never used.
 *   <li><b>Child-first:</b> everything else, from the plugin's own jars, then the platform class loader.
 * </ol>
 *
 * <p>Nothing else of the host is visible to a plugin: not its Guava, not this package, not any other class or
 * resource of the host's class path or module path. In particular a plugin's {@link java.util.ServiceLoader}
 * never sees the host's {@code META-INF/services} files.
 *
 * <h2>Unloading</h2>
 *
 * <p>A plugin's class loader is opened when its first checker class is loaded and closed and dropped when
 * its last class is unloaded and has released everything its {@link io.github.pathcheck.api.UnloadResult}
 * said was outstanding; the next load opens a new one. Plugins must therefore leave nothing running after
 * their release completes, and must not bind native code themselves.
 */
package io.github.pathcheck.loader;
