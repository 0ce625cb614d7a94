/** The project's own test fixtures: {@link io.github.pathcheck.fixtures.FakeDevice}, {@link io.github.pathcheck.fixtures.FakeClock}. */
module io.github.pathcheck.fixtures {
  requires transitive io.github.pathcheck.api;

  exports io.github.pathcheck.fixtures;
}
