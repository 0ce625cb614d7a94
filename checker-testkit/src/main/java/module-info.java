/**
 * The pathcheck contract test kit: {@link io.github.pathcheck.testkit.CheckerContractKit}, the JUnit 5 tests
 * every checker must pass, and the fixtures they are made of (scratch disks, loop devices, the privileged-test
 * gate, resource snapshots).
 *
 * <p>An open module: JUnit reflects on the kit's test methods and fields.
 */
open module io.github.pathcheck.testkit {
  requires transitive org.junit.jupiter.api;
  requires transitive io.github.pathcheck.api;
  requires io.github.pathcheck.fixtures;
  requires io.github.pathcheck.loader;
  requires io.github.pathcheck.nativeio;
  requires org.assertj.core;
  requires java.management; // the thread dump of a test that timed out
  requires java.logging; // the log handlers that may hold a plugin's class loader
  requires jdk.unsupported; // com.sun.nio.file.ExtendedOpenOption.DIRECT; sun.misc.Unsafe, to name what holds a loader

  exports io.github.pathcheck.testkit;
}
