package io.github.pathcheck.directio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.loader.CheckerHandle;
import io.github.pathcheck.loader.CheckerRegistry;
import io.github.pathcheck.loader.PathChecker;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import io.github.pathcheck.testkit.ScratchDisk;
import io.github.pathcheck.testkit.TargetTempDirFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host reads directio's groups and counters through the framework's handle, {@code
 * handle.unwrap(DirectioFigures.class)}, without casting the class; the view keeps reporting after unload.
 */
class DirectioFiguresTest {
  @TempDir(factory = TargetTempDirFactory.class)
  Path dir;

  @BeforeAll
  static void warmUp() throws Exception {
    NativeWarmUp.ensure();
  }

  @Test
  void aHostReadsTheGroupsThroughTheHandle() throws Exception {
    CheckerOptions sync = CheckerOptions.defaults().withMode(CheckMode.SYNC).withTimeout(Duration.ofSeconds(5));
    DirectioFigures figures;
    try (ScratchDisk disk = ScratchDisk.create(dir, 8192);
        CheckerRegistry registry = CheckerRegistry.builder().build();
        LinuxPathDevice device = LinuxPathDevice.open(disk.path())) {
      try (CheckerHandle handle = registry.acquire("directio")) {
        figures = handle.unwrap(DirectioFigures.class).orElseThrow();
        assertThat(handle.unwrap(String.class)).isEmpty();
        assertThat(figures.groupSize()).isEqualTo(DirectioCheckerProvider.DEFAULT_GROUP_SIZE);
        assertThat(figures.snapshot().groups()).isEmpty();
        try (PathChecker checker = handle.init(device, sync)) {
          assertThat(figures.snapshot().groups())
              .singleElement()
              .satisfies(group -> assertThat(group.holders()).isEqualTo(1));
          assertThat(figures.snapshot().ioSetupCalls()).isEqualTo(1);
        }
      }
      registry.whenUnloadsReleased().toCompletableFuture().get(60, TimeUnit.SECONDS);
      assertThat(figures.snapshot().groups()).isEmpty();
      assertThat(figures.snapshot().ioDestroyCalls()).isEqualTo(1);
    }
  }

  @Test
  void aClosedHandleOffersNothing() {
    try (CheckerRegistry registry = CheckerRegistry.builder().build()) {
      CheckerHandle handle = registry.acquire("directio");
      handle.close();
      assertThatThrownBy(() -> handle.unwrap(DirectioFigures.class))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }
  }
}
