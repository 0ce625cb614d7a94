/**
 * The contract tests every pathcheck checker must pass, as a JUnit 5 library.
 *
 * <p>A checker's author extends {@link io.github.pathcheck.testkit.CheckerContractKit} in a test class and
 * names the provider; the test methods it inherits then run the SPI contract against the real kernel:
 *
 * <pre>{@code
 * class MyCheckerContractTest extends CheckerContractKit {
 *   @Override
 *   protected CheckerProvider provider() {
 *     return new MyCheckerProvider();
 *   }
 * }
 * }</pre>
 *
 * <p>The fixtures the kit is made of serve other tests too: {@link io.github.pathcheck.testkit.ScratchDisk}
 * (a file on a file system that supports {@code O_DIRECT}), {@link io.github.pathcheck.nativeio.LoopDevice}
 * (checker-native's block device over it), {@link io.github.pathcheck.testkit.PrivilegedTests} (skip, or fail
 * under {@code PATHCHECK_REQUIRE_PRIVILEGED_TESTS=1}, when root is missing) and {@link
 * io.github.pathcheck.testkit.ResourceSnapshot} (file descriptors, threads and aio contexts before and after).
 */
package io.github.pathcheck.testkit;
