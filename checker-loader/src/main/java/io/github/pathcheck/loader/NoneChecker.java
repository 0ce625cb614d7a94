package io.github.pathcheck.loader;

import io.github.pathcheck.api.AbstractChecker;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.PathDevice;

/** A {@code none} checker for one path; see {@link NoneCheckerProvider}. */
final class NoneChecker extends AbstractChecker {
  private final CheckResult answer;

  NoneChecker(NoneCheckerClass owner, PathDevice device, CheckResult answer) {
    super(owner, device);
    this.answer = answer;
  }

  @Override
  protected CheckResult probe() {
    return answer;
  }
}
