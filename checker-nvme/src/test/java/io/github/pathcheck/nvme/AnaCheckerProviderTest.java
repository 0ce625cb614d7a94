package io.github.pathcheck.nvme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerProvider;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class AnaCheckerProviderTest {
  @Test
  void isFoundByServiceLoaderUnderItsName() {
    // On the module path the tests run inside io.github.pathcheck.nvme, which provides but does not use the
    // service; a host declares the use.
    getClass().getModule().addUses(CheckerProvider.class);
    assertThat(ServiceLoader.load(CheckerProvider.class).stream().map(p -> p.get().name()))
        .contains(AnaCheckerProvider.NAME);
  }

  @Test
  void loadsAClassWithoutOptionsThatIsAsynchronousWhereTheKernelGivesAnIoUring() {
    CheckerClass cls = new AnaCheckerProvider().load(Map.of());
    try {
      assertThat(cls.name()).isEqualTo("ana");
      assertThat(cls.isAsyncCapable()).isTrue(); // this machine's kernel has io_uring
    } finally {
      cls.unload();
    }
  }

  @Test
  void refusesClassOptions() {
    assertThatThrownBy(() -> new AnaCheckerProvider().load(Map.of("groupSize", "4")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the ana checker has no class option [groupSize]; it takes none");
  }
}
