package io.github.pathcheck.testkit;

import static io.github.pathcheck.testkit.CheckerContractKit.UNKNOWN_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contracts of {@link CheckerContractKit} on options: a class option or per-path property the checker
 * cannot know is refused with an {@link IllegalArgumentException} that names it.
 */
final class OptionContracts {
  private final KitFixture fixture;

  OptionContracts(KitFixture fixture) {
    this.fixture = fixture;
  }

  void unknownClassOptionIsRefused() {
    Map<String, String> options = new LinkedHashMap<>(fixture.classOptions());
    options.put(UNKNOWN_KEY, "1");
    String rule =
        " (rule: CheckerProvider.load() throws IllegalArgumentException naming a class option it does not know;"
            + " fix: extend AbstractCheckerClass and pass it the option names the class knows, or compare"
            + " classOptions.keySet() with them at the start of load())";
    CheckerClass accepted;
    try {
      accepted = fixture.provider().load(options);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage())
          .as("the message of load()'s IllegalArgumentException for the unknown class option " + UNKNOWN_KEY + rule)
          .contains(UNKNOWN_KEY);
      return;
    } catch (RuntimeException e) {
      throw new AssertionError(
          "CheckerProvider.load() threw " + e + " for the unknown class option " + UNKNOWN_KEY + rule, e);
    }
    if (accepted != null) {
      fixture.track(accepted::unload);
    }
    fail("CheckerProvider.load() of the " + fixture.checkerName() + " checker accepted the unknown class option "
        + UNKNOWN_KEY + rule);
  }

  void unknownPropertyIsRefused() throws Exception {
    CheckerClass checkerClass = fixture.load();
    TestDevice device = fixture.device();
    String rule =
        " (rule: CheckerClass.init() throws IllegalArgumentException naming a per-path property it does not"
            + " know; fix: call options.requireNoProperties(name, device) in newChecker() or init() when the"
            + " checker takes none, or compare options.properties().keySet() with the names it knows)";
    Checker accepted;
    try {
      accepted = checkerClass.init(device, fixture.checkerOptions().withProperty(UNKNOWN_KEY, "1"));
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage())
          .as("the message of init()'s IllegalArgumentException for the unknown property " + UNKNOWN_KEY + rule)
          .contains(UNKNOWN_KEY);
      return;
    } catch (RuntimeException e) {
      throw new AssertionError(
          "CheckerClass.init() threw " + e + " for the unknown property " + UNKNOWN_KEY + rule, e);
    }
    if (accepted != null) {
      fixture.track(accepted::free);
    }
    fail("CheckerClass.init() of the " + fixture.checkerName() + " checker accepted the unknown per-path property "
        + UNKNOWN_KEY + rule);
  }
}
