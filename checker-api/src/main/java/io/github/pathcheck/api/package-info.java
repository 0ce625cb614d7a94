/**
 * The checker SPI, modelled on multipath-tools' {@code libmultipath/checkers}: what a checker's author
 * implements.
 *
 * <p>The lifecycle, in the order the framework drives it on a host's behalf:
 *
 * <ol>
 *   <li><b>discover</b>: {@link java.util.ServiceLoader} finds {@link io.github.pathcheck.api.CheckerProvider}s;
 *   <li><b>load</b>: {@link io.github.pathcheck.api.CheckerProvider#load} returns the {@link
 *       io.github.pathcheck.api.CheckerClass}, which owns every resource its checkers share;
 *   <li><b>init</b>: {@link io.github.pathcheck.api.CheckerClass#init} gives one path its {@link
 *       io.github.pathcheck.api.Checker};
 *   <li><b>check</b>, then <b>poll</b> while the answer is pending: {@link
 *       io.github.pathcheck.api.Checker#check}, {@link io.github.pathcheck.api.Checker#needWait}, {@link
 *       io.github.pathcheck.api.Checker#pending}, each answering a {@link io.github.pathcheck.api.CheckResult};
 *   <li><b>free</b>: {@link io.github.pathcheck.api.Checker#free} (idempotent);
 *   <li><b>reset</b> on reconfigure: {@link io.github.pathcheck.api.CheckerClass#reset};
 *   <li><b>unload</b>: {@link io.github.pathcheck.api.CheckerClass#unload}, after which the host may drop the
 *       class loader that defined the provider.
 * </ol>
 *
 * <p>{@link io.github.pathcheck.api.AbstractCheckerClass} and {@link io.github.pathcheck.api.AbstractChecker}
 * do the bookkeeping of that lifecycle; an author writes the probe. Time and threads are the framework's: a
 * blocking check runs on its pool, bounded by the checker timeout.
 *
 * <p>Failures of the path are values (a {@link io.github.pathcheck.api.CheckResult}); failures of the caller
 * (bad arguments, use after free or unload) are unchecked exceptions; a checker that cannot be set up for a
 * path throws the checked {@link io.github.pathcheck.api.CheckerInitException}.
 */
package io.github.pathcheck.api;
