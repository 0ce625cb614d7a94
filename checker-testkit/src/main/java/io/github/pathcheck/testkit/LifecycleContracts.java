package io.github.pathcheck.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.UnloadResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The lifecycle contracts of {@link CheckerContractKit}: load, init, check, pending, free, reset and unload in
 * the orders a host drives them; what unload does to what is left; free is idempotent and every other call
 * after it throws; reset keeps live checkers working and the class usable.
 */
final class LifecycleContracts {
  private static final String AFTER_FREE_RULE =
      " (rule: every call but free() after free throws IllegalStateException; fix: set a freed flag in free()"
          + " and check it at the start of check(), pending() and needWait(), or extend AbstractChecker)";

  private final KitFixture fixture;

  LifecycleContracts(KitFixture fixture) {
    this.fixture = fixture;
  }

  void fullLifecycle() throws Exception {
    CheckerClass checkerClass = fixture.load();
    assertThat(checkerClass.name())
        .as("CheckerClass.name() must equal its provider's name() (fix: give the class the provider's name)")
        .isEqualTo(fixture.provider().name());
    Checker checker = fixture.init(checkerClass, fixture.checkerOptions());
    CheckResult answer = fixture.resolve(checker);
    assertThat(answer.state())
        .as("the state of a healthy test device (%s)", answer)
        .isEqualTo(fixture.expectedState());
    assertThat(checker.needWait()).as("needWait() with no check in flight").isFalse();
    checker.free();
    checkerClass.reset();
    fixture.awaitReleased(fixture.unload(checkerClass));
  }

  void declaresItsCapabilities() {
    CheckerClass checkerClass = fixture.load();
    assertThat(checkerClass.isAsyncCapable())
        .as(
            "CheckerClass.isAsyncCapable() of %s; the kit was told %s: override isAsyncCapable() in the"
                + " contract test to match the class",
            checkerClass.name(), fixture.isAsyncCapable())
        .isEqualTo(fixture.isAsyncCapable());
  }

  void initAfterUnloadThrowsAndUnloadIsIdempotent() throws Exception {
    CheckerClass checkerClass = fixture.load();
    TestDevice device = fixture.device();
    UnloadResult first = fixture.unload(checkerClass);
    fixture.awaitReleased(first);
    assertThatIllegalStateException()
        .as("init() after unload() must throw IllegalStateException (rule: every call after unload throws"
            + " IllegalStateException; fix: set an unloaded flag in unload() and check it at the start of init()"
            + " and reset(), or extend AbstractCheckerClass)")
        .isThrownBy(() -> checkerClass.init(device, fixture.checkerOptions()));
    assertThat(checkerClass.unload()).as("a second unload() returns the first's result").isSameAs(first);
  }

  void unloadAfterAllFrees() throws Exception {
    CheckerClass checkerClass = fixture.load();
    List<Checker> checkers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      checkers.add(fixture.init(checkerClass, fixture.checkerOptions()));
    }
    for (Checker checker : checkers) {
      assertThat(fixture.resolve(checker).state()).isEqualTo(fixture.expectedState());
    }
    checkers.forEach(Checker::free);
    fixture.awaitReleased(fixture.unload(checkerClass));
  }

  void unloadFreesLiveCheckers() throws Exception {
    CheckerClass checkerClass = fixture.load();
    Checker checker = fixture.init(checkerClass, fixture.checkerOptions());
    fixture.resolve(checker);
    fixture.awaitReleased(fixture.unload(checkerClass));
    assertThatIllegalStateException()
        .as("check() on a checker whose class was unloaded must throw IllegalStateException (rule: unload()"
            + " frees every live checker; fix: keep the live checkers in a set, free each in unload(), or extend"
            + " AbstractCheckerClass)")
        .isThrownBy(checker::check);
    assertThatCode(checker::free)
        .as("free() on a checker whose class was unloaded")
        .doesNotThrowAnyException();
  }

  void freeTwice() throws Exception {
    Checker checker = fixture.init(fixture.load(), fixture.checkerOptions());
    fixture.resolve(checker);
    checker.free();
    assertThatCode(checker::free)
        .as("a second free() (rule: free() is idempotent: a second free does nothing; fix: return at once when the"
            + " checker was freed already, or extend AbstractChecker)")
        .doesNotThrowAnyException();
  }

  void everyCallAfterFreeThrows() throws Exception {
    Checker checker = fixture.init(fixture.load(), fixture.checkerOptions());
    fixture.resolve(checker);
    checker.free();
    assertThatIllegalStateException()
        .as("check() after free() must throw IllegalStateException" + AFTER_FREE_RULE)
        .isThrownBy(checker::check);
    assertThatIllegalStateException()
        .as("pending() after free() must throw IllegalStateException" + AFTER_FREE_RULE)
        .isThrownBy(checker::pending);
    assertThatIllegalStateException()
        .as("needWait() after free() must throw IllegalStateException" + AFTER_FREE_RULE)
        .isThrownBy(checker::needWait);
  }

  void resetBetweenChecks() throws Exception {
    CheckerClass checkerClass = fixture.load();
    Checker checker = fixture.init(checkerClass, fixture.checkerOptions());
    assertThat(fixture.resolve(checker).state()).isEqualTo(fixture.expectedState());
    checkerClass.reset();
    assertThat(fixture.resolve(checker).state()).as("a check after reset()").isEqualTo(fixture.expectedState());
  }

  void freeResetInitCheck() throws Exception {
    CheckerClass checkerClass = fixture.load();
    Checker first = fixture.init(checkerClass, fixture.checkerOptions());
    assertThat(fixture.resolve(first).state()).isEqualTo(fixture.expectedState());
    first.free();
    checkerClass.reset();
    Checker second = fixture.init(checkerClass, fixture.checkerOptions());
    assertThat(fixture.resolve(second).state())
        .as("a new checker's check after reset()")
        .isEqualTo(fixture.expectedState());
  }
}
