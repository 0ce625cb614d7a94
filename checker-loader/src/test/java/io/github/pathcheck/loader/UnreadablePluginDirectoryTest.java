package io.github.pathcheck.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin subdirectory the process cannot list is skipped as a problem; the other plugins load. Root reads
 * every directory, so discovery runs in a JVM of its own as root without the capabilities that let it
 * ({@code setpriv}, util-linux).
 */
class UnreadablePluginDirectoryTest {
  @TempDir Path plugins;

  @Test
  void anUnreadableSubdirectoryIsSkippedAndTheOtherPluginsLoad() throws Exception {
    assumeThat((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).as("root").isZero();
    assumeThat(Path.of("/usr/bin/setpriv")).as("setpriv").isExecutable();
    PluginFixtures.good(plugins);
    Path closed = plugins.resolve("closed");
    PluginFixtures.simple(closed, "closed.jar", "com.example.closed", "closed");
    Files.setPosixFilePermissions(closed, Set.of());

    Process discovery =
        new ProcessBuilder(
                "/usr/bin/setpriv",
                "--bounding-set=-dac_override,-dac_read_search",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                PrintDiscovery.class.getName(),
                plugins.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(discovery.waitFor(60, TimeUnit.SECONDS)).as("discovery ends").isTrue();
    List<String> lines =
        new String(discovery.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();

    assertThat(discovery.exitValue()).as(String.join("\n", lines)).isZero();
    assertThat(lines).contains("available good").doesNotContain("available closed");
    assertThat(lines)
        .filteredOn(line -> line.startsWith("problem "))
        .singleElement()
        .asString()
        .contains("plugin " + closed + " is skipped: its directory cannot be listed")
        .contains("AccessDeniedException");
    Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
  }
}
