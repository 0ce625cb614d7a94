package io.github.pathcheck.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckerOptionsTest {
  private static final PathDevice SDB =
      new PathDevice() {
        @Override
        public Path path() {
          return Path.of("/dev/sdb");
        }

        @Override
        public int fd() {
          return 3;
        }
      };

  @Test
  void requireNoPropertiesPassesWithoutAndNamesCheckerPathAndKeysWith() {
    CheckerOptions.defaults().withTimeout(Duration.ofSeconds(5)).requireNoProperties("tur", SDB);
    CheckerOptions options = CheckerOptions.defaults().withProperty("state", "up");
    assertThatThrownBy(() -> options.requireNoProperties("tur", SDB))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the tur checker takes no per-path properties, but got [state] for /dev/sdb;");
  }

  @Test
  void requireNoClassOptionsPassesWithoutAndNamesCheckerAndKeysWith() {
    CheckerProvider.requireNoClassOptions("tur", Map.of());
    assertThatThrownBy(() -> CheckerProvider.requireNoClassOptions("tur", Map.of("threads", "4")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the tur checker has no class options, got [threads]");
  }

  @Test
  void defaultsAreMultipathDefaults() {
    CheckerOptions options = CheckerOptions.defaults();
    assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.mode()).isEqualTo(CheckMode.ASYNC);
    assertThat(options.properties()).isEmpty();
  }

  @Test
  void withersReturnNewValuesAndLeaveTheOriginal() {
    CheckerOptions base = CheckerOptions.defaults();
    CheckerOptions changed =
        base.withTimeout(Duration.ofSeconds(5)).withMode(CheckMode.SYNC).withProperty("state", "down");
    assertThat(base).isEqualTo(CheckerOptions.defaults());
    assertThat(changed.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(changed.mode()).isEqualTo(CheckMode.SYNC);
    assertThat(changed.property("state", "up")).isEqualTo("down");
    assertThat(changed.property("other", "fallback")).isEqualTo("fallback");
    assertThat(changed)
        .isEqualTo(
            CheckerOptions.defaults()
                .withMode(CheckMode.SYNC)
                .withProperty("state", "down")
                .withTimeout(Duration.ofSeconds(5)))
        .hasSameHashCodeAs(
            CheckerOptions.defaults()
                .withProperty("state", "down")
                .withMode(CheckMode.SYNC)
                .withTimeout(Duration.ofSeconds(5)));
  }

  @Test
  void propertiesAreUnmodifiable() {
    CheckerOptions options = CheckerOptions.defaults().withProperty("a", "1");
    assertThatThrownBy(() -> options.properties().put("b", "2"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejectsNonPositiveTimeout() {
    assertThatThrownBy(() -> CheckerOptions.defaults().withTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> CheckerOptions.defaults().withTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
