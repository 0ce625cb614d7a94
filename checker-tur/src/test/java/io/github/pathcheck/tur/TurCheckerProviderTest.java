package io.github.pathcheck.tur;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerProvider;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class TurCheckerProviderTest {
  @Test
  void serviceLoaderFindsTur() {
    // On the module path the tests run inside io.github.pathcheck.tur, which provides but does not use the
    // service; a host declares the use.
    getClass().getModule().addUses(CheckerProvider.class);
    assertThat(ServiceLoader.load(CheckerProvider.class).stream().map(p -> p.get().name()))
        .contains("tur", "cciss_tur");
  }

  @Test
  void ccissTurIsTurUnderItsOwnName() {
    CheckerClass alias = new CcissTurCheckerProvider().load(Map.of());

    assertThat(new CcissTurCheckerProvider().name()).isEqualTo("cciss_tur");
    assertThat(alias.name()).isEqualTo("cciss_tur");
    assertThat(alias).isInstanceOf(TurCheckerClass.class);
    assertThat(alias.isAsyncCapable()).isFalse();
    assertThat(alias.unload().isComplete()).isTrue();
    assertThatThrownBy(() -> new CcissTurCheckerProvider().load(Map.of("threads", "4")))
        .hasMessage("the cciss_tur checker has no class option [threads]; it takes none");
  }

  @Test
  void loadsASynchronousClassNamedTur() {
    CheckerClass turClass = new TurCheckerProvider().load(Map.of());

    assertThat(new TurCheckerProvider().name()).isEqualTo("tur");
    assertThat(turClass.name()).isEqualTo("tur");
    assertThat(turClass.isAsyncCapable()).isFalse();
    assertThat(turClass.unload().isComplete()).isTrue();
  }

  @Test
  void rejectsClassOptions() {
    assertThatThrownBy(() -> new TurCheckerProvider().load(Map.of("threads", "4")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the tur checker has no class option [threads]; it takes none");
  }
}
