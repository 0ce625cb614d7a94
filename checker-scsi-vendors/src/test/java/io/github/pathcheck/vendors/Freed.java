package io.github.pathcheck.vendors;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;

/** Holds a checker for try-with-resources in tests: closing it frees the checker. */
final class Freed implements AutoCloseable {
  private final Checker checker;

  Freed(Checker checker) {
    this.checker = checker;
  }

  CheckResult check() {
    return checker.check();
  }

  void free() {
    checker.free();
  }

  @Override
  public void close() {
    checker.free();
  }
}
