/**
 * The project's own test fixtures: {@link io.github.pathcheck.fixtures.FakeDevice}, {@link
 * io.github.pathcheck.fixtures.FakeClock}, {@link io.github.pathcheck.fixtures.Privileges}, {@link
 * io.github.pathcheck.fixtures.TargetTempDirFactory}. An open module: JUnit instantiates the factory.
 */
open module io.github.pathcheck.fixtures {
  requires transitive io.github.pathcheck.api;
  requires transitive org.junit.jupiter.api;

  exports io.github.pathcheck.fixtures;
}
