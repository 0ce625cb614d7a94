package io.github.pathcheck.directio;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Loads, once per test JVM, what the first use of the native layer keeps for good (JNA's library and the
 * descriptors the class loader holds), so that tests counting descriptors compare like with like.
 */
final class NativeWarmUp {
  private static boolean done;

  private NativeWarmUp() {}

  static synchronized void ensure() throws Exception {
    if (done) {
      return;
    }
    Path dir = Files.createDirectories(Path.of("target", "test-tmp"));
    Path file = Files.write(Files.createTempFile(dir, "warm-up", ".img"), new byte[4096]);
    DirectioCheckerClass directio = (DirectioCheckerClass) new DirectioCheckerProvider().load(Map.of());
    try (LinuxPathDevice device = LinuxPathDevice.open(file)) {
      Checker checker = directio.init(device, CheckerOptions.defaults().withMode(CheckMode.SYNC));
      checker.check();
      checker.free();
    } finally {
      directio.unload().released().toCompletableFuture().join();
      Files.delete(file);
    }
    Procfs.awaitThreadsEnd("directio-");
    done = true;
  }
}
