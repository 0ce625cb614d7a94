/**
 * The host's side of the checker SPI: discovery of {@link io.github.pathcheck.api.CheckerProvider}s, loading by
 * name, reference counting, reset and unload ({@link io.github.pathcheck.loader.CheckerRegistry}), the checkers
 * a host holds ({@link io.github.pathcheck.loader.PathChecker}, from {@link
 * io.github.pathcheck.loader.CheckerHandle#init}), and the built-in {@code none} checker ({@link
 * io.github.pathcheck.loader.NoneCheckerProvider}). The checker loop hosts run over their paths is {@link
 * io.github.pathcheck.monitor.PathMonitor}, in a package of its own that uses only this package's public
 * types.
 *
 * <h2>Time and threads</h2>
 *
 * <p>The framework, not the checker, owns them. Every call a host makes into a checker goes through this
 * package and is bounded: a check that may block runs on a bounded pool of its class's, a check past its
 * timeout is answered {@link io.github.pathcheck.api.PathState#TIMEOUT} and abandoned (at most one per path,
 * besides the one running), a blocking init is waited for at most the checker timeout, reset and unload at
 * most the registry's lifecycle timeout. Every call into plugin code runs with the plugin's class loader as the
 * thread's context class loader. See {@link io.github.pathcheck.loader.PathChecker} for the bounds of each
 * call.
 *
 * <h2>SPI versions</h2>
 *
 * <p>A plugin jar's manifest names the SPI version it was built against ({@link
 * io.github.pathcheck.api.CheckerProvider#SPI_VERSION_ATTRIBUTE}). The registry loads a plugin of the host's
 * major version and a minor version no newer than the host's, and skips any other, or one without the
 * attribute, reporting it in {@link io.github.pathcheck.loader.CheckerRegistry#problems()}.
 *
 * <h2>Plugin directories</h2>
 *
 * <p>In a plugin directory, each {@code *.jar} file is one plugin, and each subdirectory holding jars is one
 * plugin made of all its jars (the plugin's jar and its private dependencies). Other entries are ignored. A
 * plugin declares its providers in {@code META-INF/services/io.github.pathcheck.api.CheckerProvider}; only
 * providers whose class the plugin's own jars define count.
 *
 * <p>One bad plugin does not stop the others: a plugin that is corrupt, refused, incompatible or failing, a
 * subdirectory that cannot be listed, a link leading back to the plugin directory or above it (never
 * followed) and a link to a plugin seen already are each skipped and reported as a problem. Of two providers
 * of one checker name the first found keeps it (the built-in, the class path and module path, then the plugin
 * directories in the order given, each in file name order); each later one is skipped as a problem.
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
 * <p>Through its own class loader a plugin resolves nothing else of the host: not its Guava, not this package,
 * not any other class or resource of the host's class path or module path, and its {@link
 * java.util.ServiceLoader} never sees the host's {@code META-INF/services} files. This isolation is for
 * unloading (a plugin's classes go with its loader) and for dependency hygiene (a plugin's libraries and the
 * host's do not clash); it is not a security boundary. Plugin code runs in the host's process with the host's
 * permissions, and reaches any class of the host through {@link ClassLoader#getSystemClassLoader()} or
 * reflection.
 *
 * <h2>Trust</h2>
 *
 * <p>Trusting a plugin means letting it run as the host: discovery instantiates its providers (every command
 * that builds a registry runs that code), and loading a class runs its {@code load}. Discovery therefore
 * refuses a plugin whose files another user could have written, unless {@link
 * io.github.pathcheck.loader.CheckerRegistry.Builder#allowUntrustedPlugins} allows it: the plugin's jar or
 * directory, each of its jars and every directory from them up to and including the plugin directory must be
 * owned by root or the process's user and writable by neither group nor others (a directory with the sticky
 * bit may be writable by others), and a symbolic link must be owned likewise and lead to a file inside the
 * plugin directory. Directories above the plugin directory are the operator's choice and are not checked.
 * Each refused plugin is one line of {@link io.github.pathcheck.loader.CheckerRegistry#problems()} naming the
 * file, the reason and the fix.
 *
 * <h2>Unloading</h2>
 *
 * <p>A plugin's class loader is opened when its first checker class is loaded and closed and dropped when
 * its last class is unloaded and has released everything its {@link io.github.pathcheck.api.UnloadResult}
 * said was outstanding; the next load opens a new one. Plugins must therefore leave nothing running after
 * their release completes, and must not bind native code themselves.
 */
package io.github.pathcheck.loader;
