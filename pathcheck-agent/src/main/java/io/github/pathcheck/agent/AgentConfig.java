package io.github.pathcheck.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the agent runs with, read from a multipath.conf file ({@link ConfigReader}).
 *
 * @param pathChecker the default checker ({@code defaults { path_checker }}, {@code tur} when not set)
 * @param checkerTimeout the checker timeout for every path, if set; otherwise a SCSI path's sysfs timeout,
 *     else 30 s
 * @param pollingInterval the interval between checks of a path ({@code polling_interval}, 5 s when not set)
 * @param blacklist the paths not to watch
 * @param exceptions the paths to watch even if the blacklist matches them
 * @param devices the configuration's {@code device} entries, in file order
 * @param paths the paths listed in the {@code pathcheck} section, watched whatever the blacklist says
 * @param discover whether to discover SCSI disks and NVMe namespaces in sysfs ({@code pathcheck { discover }})
 * @param listenAddress the address the HTTP server binds ({@code 127.0.0.1} when not set)
 * @param listenPort the HTTP server's port (9877 when not set; 0 picks a free one)
 * @param warnings one line per statement the agent ignored, naming the file and the line
 */
record AgentConfig(
    String pathChecker,
    Optional<Duration> checkerTimeout,
    Duration pollingInterval,
    Blacklist blacklist,
    Blacklist exceptions,
    List<DeviceEntry> devices,
    List<Path> paths,
    boolean discover,
    String listenAddress,
    int listenPort,
    List<String> warnings) {

  static final String DEFAULT_CHECKER = "tur";
  /** The checker of a per-controller path of native NVMe multipath when no {@code device} entry sets one. */
  static final String NATIVE_NVME_MULTIPATH_CHECKER = "ana";
  static final Duration DEFAULT_POLLING_INTERVAL = Duration.ofSeconds(5);
  static final int DEFAULT_PORT = 9877;

  /** Returns whether a discovered path is to be watched: not blacklisted, or excepted. */
  boolean watches(PathInfo path) {
    return !blacklist.matches(path) || exceptions.matches(path);
  }

  /**
   * Returns the checker for a path: that of the last matching {@code device} entry of the configuration that
   * sets one; else {@code ana} for a per-controller path of native NVMe multipath; else that of the last matching
   * built-in entry ({@link BuiltinDevices}); else the default. As in multipath, the default ({@code defaults {
   * path_checker }}) applies only where neither the file's entries nor the built-in ones give a checker.
   */
  String checkerFor(PathInfo path) {
    return lastMatch(devices, path).or(() -> builtinFor(path)).orElse(pathChecker);
  }

  private static Optional<String> builtinFor(PathInfo path) {
    if (path.controllerPath().isPresent()) {
      return Optional.of(NATIVE_NVME_MULTIPATH_CHECKER);
    }
    return lastMatch(BuiltinDevices.ENTRIES, path);
  }

  private static Optional<String> lastMatch(List<DeviceEntry> entries, PathInfo path) {
    Optional<String> found = Optional.empty();
    for (DeviceEntry entry : entries) {
      if (entry.pathChecker().isPresent() && entry.match().matches(path)) {
        found = entry.pathChecker();
      }
    }
    return found;
  }
}
