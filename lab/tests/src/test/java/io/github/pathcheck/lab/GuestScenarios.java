package io.github.pathcheck.lab;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerMessages;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.api.UnloadResult;
import io.github.pathcheck.directio.DirectioFigures;
import io.github.pathcheck.directio.DirectioSnapshot;
import io.github.pathcheck.loader.CheckerHandle;
import io.github.pathcheck.loader.CheckerRegistry;
import io.github.pathcheck.loader.PathChecker;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import io.github.pathcheck.testkit.ResourceSnapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The lab's scenario runner: runs in the guest (one JVM for every scenario), makes the devices through the
 * scenario helpers, checks them with the real checkers, and writes one line per scenario, {@code SCENARIO
 * <name> PASS|FAIL <detail>}, to stdout and to the file given as its argument. {@link KernelLabTest} boots
 * the lab, runs it and asserts every line.
 *
 * <p>Scenarios run in the order of {@link #names}: the scsi_debug knobs are global, so the one that makes every
 * scsi_debug command time out runs last. Each scenario loads its own checker classes, which are unloaded after
 * it; a scenario fails too if it leaves a thread, a file descriptor or an aio context behind.
 */
public final class GuestScenarios {
  static final String DIRECTIO = "directio";
  static final String TUR = "tur";

  /** The checker of each scenario, in running order. */
  private static final Map<String, String> SCENARIOS = new LinkedHashMap<>();

  static {
    SCENARIOS.put("tur-lio-active-up", TUR);
    SCENARIOS.put("tur-lio-standby-ghost", TUR);
    SCENARIOS.put("tur-lio-transitioning-pending", TUR);
    SCENARIOS.put("tur-lio-unavailable-down", TUR);
    SCENARIOS.put("tur-lio-state-change-unit-attention-retried", TUR);
    SCENARIOS.put("tur-lio-unmapped-lun-disconnected", TUR);
    SCENARIOS.put("tur-lio-reserved-by-another-initiator-up", TUR);
    SCENARIOS.put("directio-lio-up", DIRECTIO);
    SCENARIOS.put("directio-dm-flakey-down", DIRECTIO);
    SCENARIOS.put("directio-dm-delay-timeout-then-up", DIRECTIO);
    SCENARIOS.put("directio-dm-delay-orphan-reaped", DIRECTIO);
    SCENARIOS.put("directio-dm-delay-unload-with-orphan", DIRECTIO);
    SCENARIOS.put("directio-dm-removed", DIRECTIO);
    SCENARIOS.put("directio-scsi-debug-up", DIRECTIO);
    SCENARIOS.put("tur-scsi-debug-up-sync", TUR);
    SCENARIOS.put("tur-scsi-debug-up-async", TUR);
    SCENARIOS.put("tur-scsi-debug-becoming-ready", TUR);
    SCENARIOS.put("directio-contract-on-scsi-disk", DIRECTIO);
    SCENARIOS.put("tur-contract-on-scsi-disk", TUR);
    SCENARIOS.put("directio-scsi-debug-host-removed", DIRECTIO);
    SCENARIOS.put("tur-scsi-debug-host-removed", TUR);
    SCENARIOS.put("tur-scsi-debug-timeouts", TUR);
  }

  /** tur's message for a path whose ALUA state is transitioning: a final answer of pending. */
  private static final String TRANSITIONING = " reports path is transitioning";

  /**
   * How long a scsi_debug disk answers "becoming ready" after it appears (lab_scsi_debug_load): long enough
   * that the first check comes within it even when the guest is slow (making the disk took up to 5 s on a
   * busy machine). The disks of the host-removal scenarios are made at the start, so none waits for it.
   */
  private static final int BECOMING_READY_MS = 10_000;

  /**
   * The contracts of the testkit that skip here, sorted: one read in flight per checker (it counts reads on the
   * kit's hanging device, which the guest's contract leaves to the checkers' own modules, and tur is
   * synchronous) and the plugin-jar isolation contract (the subclasses give no plugin jar; it runs in the
   * checkers' own modules). Any other skipped contract fails the scenario.
   */
  private static final List<String> CONTRACTS_LEFT_OUT =
      List.of("oneReadInFlightPerChecker", "pluginClassLoaderIsCollectedAfterUnload");

  private final LabShell lab;
  private final Map<String, CheckerProvider> providers;
  private final PrintWriter results;
  /** Classes loaded by the running scenario, unloaded after it. */
  private final List<CheckerClass> loaded = new ArrayList<>();

  private String scsiDebugDisk;
  /** sg nodes of scsi_debug disks made at the start, for the host-removal scenarios. */
  private final java.util.ArrayDeque<String> spareScsiDebugDisks = new java.util.ArrayDeque<>();

  private GuestScenarios(LabShell lab, Map<String, CheckerProvider> providers, PrintWriter results) {
    this.lab = lab;
    this.providers = providers;
    this.results = results;
  }

  /**
   * Every scenario, in running order. Both checkers are dependencies of this module: a checker whose provider
   * ServiceLoader does not find (a broken {@code META-INF/services} entry) fails its scenarios rather than
   * losing them.
   */
  static List<String> names() {
    return List.copyOf(SCENARIOS.keySet());
  }

  /** The providers on this class path, by checker name. */
  private static Map<String, CheckerProvider> providers() {
    Map<String, CheckerProvider> byName = new LinkedHashMap<>();
    for (CheckerProvider p : ServiceLoader.load(CheckerProvider.class)) {
      byName.putIfAbsent(p.name(), p);
    }
    return byName;
  }

  /**
   * Runs every scenario. Argument: the results file. Environment: {@code PATHCHECK_LAB_DIR} (set by lab/run).
   * Exits 0 when every scenario passed, 1 otherwise.
   */
  public static void main(String[] args) throws IOException {
    ScenarioRun.main("GuestScenarios", args, (lab, results) -> {
      GuestScenarios runner = new GuestScenarios(lab, providers(), results);
      lab.call("lab_scsi_debug_load", Integer.toString(BECOMING_READY_MS));
      for (int i = 0; i < 2; i++) {
        runner.spareScsiDebugDisks.add(lab.call("lab_scsi_debug_becoming_ready"));
      }
      runner.warmUp();
      boolean allPassed = true;
      for (String name : names()) {
        allPassed &= runner.run(name);
      }
      return allPassed;
    });
  }

  /**
   * Checks a dm-zero device once with each checker that can, so that what the JVM and JNA set up on first use
   * (JNA's native library, the cleaner thread, /dev/urandom) is not taken for a leak of the first scenario.
   */
  private void warmUp() throws IOException {
    String zero = lab.call("lab_dm_delay", "warm-up", "0");
    try {
      for (CheckerProvider provider : providers.values()) {
        CheckerClass cls = provider.load(Map.of());
        try (LinuxPathDevice device = LinuxPathDevice.open(Path.of(zero))) {
          Checker checker = cls.init(device, options(CheckMode.SYNC, Duration.ofSeconds(10)));
          try {
            checker.check();
          } finally {
            checker.free();
          }
        } catch (Exception e) {
          // A checker that does not support a dm device (tur) still warmed up what it loads.
        } finally {
          cls.unload().released().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
      }
    } catch (Exception e) {
      throw new IOException("warm-up failed", e);
    } finally {
      lab.call("lab_dm_remove", "warm-up");
    }
  }

  private boolean run(String name) {
    return ScenarioRun.run(name, results, () -> scenario(name), this::unloadAll, this::safeUnloadAll);
  }

  private String scenario(String name) throws Exception {
    switch (name) {
      case "tur-lio-active-up":
        return turOnLio("t-active", "active", PathState.UP, CheckerMessages.PATH_UP);
      case "tur-lio-standby-ghost":
        return turOnLio("t-standby", "standby", PathState.GHOST, CheckerMessages.PATH_GHOST);
      case "tur-lio-transitioning-pending":
        return turOnLio(
            "t-transitioning", "transitioning", PathState.PENDING, TRANSITIONING);
      case "tur-lio-unavailable-down":
        return turOnLio("t-unavailable", "unavailable", PathState.DOWN, CheckerMessages.PATH_DOWN);
      case "tur-lio-state-change-unit-attention-retried":
        return turStateChange();
      case "tur-lio-unmapped-lun-disconnected":
        return turUnmapped();
      case "tur-lio-reserved-by-another-initiator-up":
        return turReserved();
      case "directio-lio-up":
        return directioUp(lab.call("lab_lio_lun", "d-active", "active"));
      case "directio-dm-flakey-down":
        return directioFlakey();
      case "directio-dm-delay-timeout-then-up":
        return directioDelayTimeout();
      case "directio-dm-delay-orphan-reaped":
        return directioOrphanReaped();
      case "directio-dm-delay-unload-with-orphan":
        return directioUnloadWithOrphan();
      case "directio-dm-removed":
        return directioDmRemoved();
      case "directio-scsi-debug-up":
        return directioUp(scsiDebugDisk());
      case "tur-scsi-debug-up-sync":
        return expectState(TUR, scsiDebugDisk(), CheckMode.SYNC, PathState.UP, CheckerMessages.PATH_UP);
      case "tur-scsi-debug-up-async":
        return expectState(TUR, scsiDebugDisk(), CheckMode.ASYNC, PathState.UP, CheckerMessages.PATH_UP);
      case "tur-scsi-debug-becoming-ready":
        return turBecomingReady();
      case "directio-contract-on-scsi-disk":
        return contract(DirectioOnScsiDiskContract.class);
      case "tur-contract-on-scsi-disk":
        return contract(TurOnScsiDiskContract.class);
      case "directio-scsi-debug-host-removed":
        return hostRemoved(DIRECTIO);
      case "tur-scsi-debug-host-removed":
        return hostRemoved(TUR);
      case "tur-scsi-debug-timeouts":
        return turTimeouts();
      default:
        throw new IllegalArgumentException("no scenario " + name);
    }
  }

  // --- tur ------------------------------------------------------------------------------------------------

  private String turOnLio(String lun, String alua, PathState expected, String message) throws Exception {
    // The LUN was put in its ALUA state after sd attached it: the first command gets UNIT ATTENTION 2a/06,
    // which the checker must retry rather than report.
    String dev = lab.call("lab_lio_lun", lun, alua);
    return expectBothModes(TUR, dev, expected, message);
  }

  private String turStateChange() throws Exception {
    String dev = lab.call("lab_lio_lun", "t-change", "active");
    CheckerClass tur = load(TUR, Map.of());
    List<String> seen = new ArrayList<>();
    try (LinuxPathDevice device = LinuxPathDevice.open(Path.of(dev))) {
      Checker checker = tur.init(device, options(CheckMode.SYNC, Duration.ofSeconds(10)));
      try {
        seen.add(checkOnce(checker).state().toString());
        lab.call("lab_lio_alua_state", "t-change", "standby");
        seen.add(checkOnce(checker).state().toString());
        lab.call("lab_lio_alua_state", "t-change", "active");
        seen.add(checkOnce(checker).state().toString());
      } finally {
        checker.free();
      }
    }
    expect(
        seen.equals(List.of("up", "ghost", "up")),
        "active, standby, active: expected up, ghost, up, saw " + seen);
    return "active, standby, active: " + seen;
  }

  private String turUnmapped() throws Exception {
    String dev = lab.call("lab_lio_unmapped_lun", "t-unmapped");
    CheckerClass tur = load(TUR, Map.of());
    try (LinuxPathDevice device = LinuxPathDevice.open(Path.of(dev))) {
      Checker checker = tur.init(device, options(CheckMode.SYNC, Duration.ofSeconds(10)));
      try {
        CheckResult mapped = checkOnce(checker);
        expect(mapped.state() == PathState.UP, "LUN 1 mapped: expected up, got " + mapped);
        lab.call("lab_lio_unmap", "t-unmapped");
        CheckResult unmapped = checkOnce(checker);
        expect(
            unmapped.state() == PathState.DISCONNECTED,
            "LUN 1 unmapped: expected disconnected, got " + unmapped);
        return "mapped: up; unmapped: disconnected";
      } finally {
        checker.free();
      }
    }
  }

  private String turReserved() throws Exception {
    String mine = lab.call("lab_lio_lun", "t-reserved", "active");
    String theirs = lab.call("lab_lio_second_path", "t-reserved");
    lab.call("lab_scsi_reserve", theirs);
    try {
      return "reserved through " + theirs + ": "
          + expectBothModes(TUR, mine, PathState.UP, CheckerMessages.PATH_UP);
    } finally {
      lab.call("lab_scsi_release", theirs);
    }
  }

  private String turBecomingReady() throws Exception {
    String sg = lab.call("lab_scsi_debug_becoming_ready");
    CheckerClass tur = load(TUR, Map.of());
    List<PathState> seen = new ArrayList<>();
    long start = System.nanoTime();
    try (LinuxPathDevice device = LinuxPathDevice.open(Path.of(sg))) {
      Checker checker = tur.init(device, options(CheckMode.SYNC, Duration.ofSeconds(10)));
      try {
        long deadline = start + TimeUnit.SECONDS.toNanos(30);
        PathState state;
        do {
          state = checkOnce(checker).state();
          if (seen.isEmpty() || seen.get(seen.size() - 1) != state) {
            seen.add(state);
          }
          if (state != PathState.UP) {
            Thread.sleep(200);
          }
        } while (state != PathState.UP && System.nanoTime() < deadline);
      } finally {
        checker.free();
      }
    }
    expect(
        seen.equals(List.of(PathState.DOWN, PathState.UP)),
        "becoming ready: expected down then up, saw " + seen);
    return sg + ": down, then up after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms";
  }

  /**
   * A hung TUR through the framework, as every host calls tur: the check runs on the class's pool and the path
   * answers timeout after the checker timeout; per path at most one check runs and one is abandoned, so at most
   * two threads are stuck in the device, whatever the rounds; once the device answers again the path is up and
   * the stuck calls have returned.
   */
  private String turTimeouts() throws Exception {
    String dev = scsiDebugDisk();
    StringBuilder detail = new StringBuilder();
    try (CheckerRegistry registry = CheckerRegistry.builder().build();
        CheckerHandle handle = registry.acquire(TUR);
        LinuxPathDevice device = LinuxPathDevice.open(Path.of(dev))) {
      PathChecker checker = handle.init(device, options(CheckMode.ASYNC, Duration.ofSeconds(2)));
      try {
      CheckResult before = checker.checkAndWait();
      expect(before.state() == PathState.UP, "before the timeouts: expected up, got " + before);
      lab.call("lab_scsi_debug_timeouts", "on");
      int maxStuck = 0;
      List<PathState> answers = new ArrayList<>();
      try {
        // Several rounds, as a host would check every interval, while every TUR hangs.
        for (int round = 0; round < 4; round++) {
          answers.add(checker.checkAndWait().state());
          maxStuck = Math.max(maxStuck, threadsInTurProbe());
        }
      } finally {
        lab.call("lab_scsi_debug_timeouts", "off");
      }
      expect(
          answers.stream().allMatch(s -> s == PathState.TIMEOUT),
          "hung TUR: expected timeout every round, got " + answers);
      expect(maxStuck <= 2, "hung TUR: at most 2 threads stuck in the device for the path, saw " + maxStuck);
      expect(handle.stuckChecks() >= 1, "hung TUR: the framework counts the abandoned checks");
      detail.append("hung: ").append(answers).append(", at most ").append(maxStuck).append(" threads stuck");
      long recoverStart = System.nanoTime();
      PathState after = PathState.UNCHECKED;
      while (after != PathState.UP && System.nanoTime() - recoverStart < TimeUnit.SECONDS.toNanos(90)) {
        after = checker.checkAndWait().state();
        if (after != PathState.UP) {
          Thread.sleep(500);
        }
      }
      expect(after == PathState.UP, "after the device recovered: expected up, got " + after);
      detail
          .append("; up again ")
          .append(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - recoverStart))
          .append(" ms after recovery");
      } finally {
        checker.close();
        // The abandoned calls use the device until they return: the device is closed only after them.
        checker.released().toCompletableFuture().get(60, TimeUnit.SECONDS);
      }
    }
    return detail.toString();
  }

  /** Threads now inside tur's probe: the framework's pool threads stuck in the device. */
  private static int threadsInTurProbe() {
    return (int)
        Thread.getAllStackTraces().values().stream()
            .filter(
                stack ->
                    java.util.Arrays.stream(stack)
                        .anyMatch(
                            frame ->
                                frame.getClassName().startsWith("io.github.pathcheck.tur.")
                                    && frame.getMethodName().equals("probe")))
            .count();
  }

  // --- directio -------------------------------------------------------------------------------------------

  private String directioUp(String dev) throws Exception {
    return expectBothModes(DIRECTIO, dev, PathState.UP, CheckerMessages.PATH_UP);
  }

  private String directioFlakey() throws Exception {
    // up 0 s, down 3600 s: every read fails.
    String dev = lab.call("lab_dm_flakey", "d-flakey", "0", "3600");
    return expectBothModes(DIRECTIO, dev, PathState.DOWN, CheckerMessages.PATH_DOWN);
  }

  private String directioDelayTimeout() throws Exception {
    int delayMs = 5000;
    String dev = lab.call("lab_dm_delay", "d-delay", Integer.toString(delayMs));
    CheckerClass directio = load(DIRECTIO, Map.of());
    DirectioFigures figures = directio.unwrap(DirectioFigures.class).orElseThrow();
    try (LinuxPathDevice device = LinuxPathDevice.open(Path.of(dev))) {
      Checker checker = directio.init(device, options(CheckMode.ASYNC, Duration.ofSeconds(1)));
      try {
        long start = System.nanoTime();
        CheckResult first = checker.check();
        expect(first.state() == PathState.PENDING, "first check: expected pending, got " + first);
        CheckResult atTimeout = pollPending(checker, Duration.ofMillis(delayMs));
        long timedOutMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        expect(
            atTimeout.state() == PathState.DOWN,
            "at the 1 s timeout: expected down, got " + atTimeout + " after " + timedOutMs + " ms");
        int inFlight = inFlight(figures.snapshot());
        expect(inFlight == 1, "after the timeout: expected the read in flight, snapshot has " + inFlight);
        PathState later = PathState.UNCHECKED;
        while (later != PathState.UP && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30)) {
          later = awaitAnswer(checker, Duration.ofSeconds(10)).state();
        }
        long upMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        expect(later == PathState.UP, "once the delayed read completed: expected up, got " + later);
        expect(inFlight(figures.snapshot()) == 0, "after up: reads still in flight: " + figures.snapshot());
        return "pending, down at " + timedOutMs + " ms with the read in flight, up at " + upMs + " ms";
      } finally {
        checker.free();
      }
    }
  }

  private String directioOrphanReaped() throws Exception {
    String dev = lab.call("lab_dm_delay", "d-orphan", "2000");
    CheckerClass directio = load(DIRECTIO, Map.of("groupSize", "4"));
    DirectioFigures figures = directio.unwrap(DirectioFigures.class).orElseThrow();
    CheckerOptions options = options(CheckMode.ASYNC, Duration.ofSeconds(10));
    try (LinuxPathDevice first = LinuxPathDevice.open(Path.of(dev));
        LinuxPathDevice second = LinuxPathDevice.open(Path.of(dev))) {
      Checker freed = directio.init(first, options);
      CheckResult state = freed.check();
      expect(state.state() == PathState.PENDING, "freed checker's check: expected pending, got " + state);
      freed.free();
      DirectioSnapshot afterFree = figures.snapshot();
      expect(orphans(afterFree) == 1, "after free: expected one orphan, snapshot " + afterFree);
      Checker reaper = directio.init(second, options);
      try {
        CheckResult answer = awaitAnswer(reaper, Duration.ofSeconds(20));
        expect(answer.state() == PathState.UP, "the other checker: expected up, got " + answer);
      } finally {
        reaper.free();
      }
      DirectioSnapshot end = figures.snapshot();
      expect(
          end.orphansReaped() == 1 && orphans(end) == 0,
          "expected the orphan reaped by the other checker, snapshot " + end);
      return "orphan left by free, reaped by the group's other checker (" + end.orphansReaped() + " reaped)";
    }
  }

  private String directioUnloadWithOrphan() throws Exception {
    int delayMs = 3000;
    String dev = lab.call("lab_dm_delay", "d-unload", Integer.toString(delayMs));
    // Tracked: a failed expectation still unloads it (unload is idempotent), and run() checks that the
    // unload released the class's aio context, threads and descriptors.
    CheckerClass directio = load(DIRECTIO, Map.of());
    long submitted;
    try (LinuxPathDevice device = LinuxPathDevice.open(Path.of(dev))) {
      Checker checker = directio.init(device, options(CheckMode.ASYNC, Duration.ofSeconds(1)));
      CheckResult state = checker.check();
      submitted = System.nanoTime();
      expect(state.state() == PathState.PENDING, "check: expected pending, got " + state);
      checker.free();
    }
    long unloadStart = System.nanoTime();
    UnloadResult result = directio.unload();
    long unloadMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - unloadStart);
    result.released().toCompletableFuture().get(delayMs + 10_000L, TimeUnit.MILLISECONDS);
    long releasedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - submitted);
    // The read completes delayMs after it was submitted; unload waits at most for it (plus io_destroy's
    // allowance of about a second): never the checker timeout times some factor, never forever.
    long waitedPastRead = TimeUnit.NANOSECONDS.toMillis(unloadStart - submitted) + unloadMs - delayMs;
    expect(
        waitedPastRead < 2500,
        "unload returned " + waitedPastRead + " ms after the orphan's read completed (" + result + ")");
    return "unload took "
        + unloadMs
        + " ms ("
        + result
        + "), released "
        + releasedMs
        + " ms after the read was submitted";
  }

  private String directioDmRemoved() throws Exception {
    String dev = lab.call("lab_dm_delay", "d-removed", "0");
    CheckerClass directio = load(DIRECTIO, Map.of());
    try (LinuxPathDevice device = LinuxPathDevice.open(Path.of(dev))) {
      Checker checker = directio.init(device, options(CheckMode.ASYNC, Duration.ofSeconds(5)));
      try {
        CheckResult before = awaitAnswer(checker, Duration.ofSeconds(20));
        expect(before.state() == PathState.UP, "before removal: expected up, got " + before);
        // --force: the table is replaced by error targets at once; the node goes when the last opener closes.
        lab.call("lab_dm_remove", "d-removed", "--force");
        CheckResult after = awaitAnswer(checker, Duration.ofSeconds(20));
        expect(
            after.state() == PathState.DOWN || after.state() == PathState.REMOVED,
            "after removal: expected down or removed, got " + after);
        return "up, then " + after.state() + " after dmsetup remove --force";
      } finally {
        checker.free();
      }
    }
  }

  // --- both ----------------------------------------------------------------------------------------------

  private String hostRemoved(String checkerName) throws Exception {
    String sg = spareScsiDebugDisks.poll();
    String dev = sg == null ? lab.call("lab_scsi_debug_add_disk") : lab.call("lab_sd_of", sg);
    CheckerClass cls = load(checkerName, Map.of());
    try (LinuxPathDevice device = LinuxPathDevice.open(Path.of(dev))) {
      Checker checker = cls.init(device, options(CheckMode.ASYNC, Duration.ofSeconds(5)));
      try {
        CheckResult before = awaitAnswer(checker, Duration.ofSeconds(20));
        expect(before.state() == PathState.UP, "before removal: expected up, got " + before);
        lab.call("lab_scsi_debug_remove_host", dev);
        CheckResult after = awaitAnswer(checker, Duration.ofSeconds(20));
        expect(
            after.state() == PathState.DOWN || after.state() == PathState.REMOVED,
            "after the host was removed: expected down or removed, got " + after);
        return dev + ": up, then " + after.state() + " (" + checkerName + " checker" + after.message() + ")";
      } finally {
        checker.free();
      }
    }
  }

  /** {@link #expectState} in sync mode, then in async mode, each with a class of its own. */
  private String expectBothModes(String checkerName, String dev, PathState expected, String message)
      throws Exception {
    return expectState(checkerName, dev, CheckMode.SYNC, expected, message)
        + "; "
        + expectState(checkerName, dev, CheckMode.ASYNC, expected, message);
  }

  private String expectState(
      String checkerName, String dev, CheckMode mode, PathState expected, String message)
      throws Exception {
    CheckerClass cls = load(checkerName, Map.of());
    try (LinuxPathDevice device = LinuxPathDevice.open(Path.of(dev))) {
      Checker checker = cls.init(device, options(mode, Duration.ofSeconds(10)));
      try {
        CheckResult answer = awaitAnswer(checker, Duration.ofSeconds(30));
        expect(
            answer.state() == expected && answer.message().equals(message),
            mode + " on " + dev + ": expected " + expected + " '" + message + "', got " + answer.state() + " '"
                + answer.message() + "'");
        return mode.toString().toLowerCase(java.util.Locale.ROOT) + " " + answer.state();
      } finally {
        checker.free();
      }
    }
  }

  /**
   * Runs the testkit's contract class {@code kit} on the scsi_debug disk through JUnit's launcher: every
   * contract must pass but those of {@link #CONTRACTS_LEFT_OUT}, which must be skipped (aborted).
   */
  private String contract(Class<?> kit) {
    System.setProperty(ScsiDiskContract.DISK_PROPERTY, scsiDebugDisk());
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    List<String> aborted = new ArrayList<>();
    TestExecutionListener abortedTests =
        new TestExecutionListener() {
          @Override
          public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.isTest() && result.getStatus() == TestExecutionResult.Status.ABORTED) {
              aborted.add(
                  test.getSource()
                      .filter(MethodSource.class::isInstance)
                      .map(source -> ((MethodSource) source).getMethodName())
                      .orElse(test.getDisplayName()));
            }
          }
        };
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request().selectors(DiscoverySelectors.selectClass(kit)).build(),
            listener,
            abortedTests);
    TestExecutionSummary summary = listener.getSummary();
    StringBuilder failures = new StringBuilder();
    for (TestExecutionSummary.Failure f : summary.getFailures()) {
      failures.append(f.getTestIdentifier().getDisplayName()).append(": ").append(f.getException()).append("; ");
      f.getException().printStackTrace(System.out);
    }
    String counts =
        summary.getTestsSucceededCount()
            + " contract tests passed, "
            + summary.getTotalFailureCount()
            + " failed, skipped "
            + aborted
            + " (aborted), "
            + summary.getTestsSkippedCount()
            + " disabled";
    expect(
        summary.getTotalFailureCount() == 0 && summary.getTestsSucceededCount() > 0,
        counts + ": " + failures);
    expect(
        aborted.stream().sorted().collect(Collectors.toList()).equals(CONTRACTS_LEFT_OUT)
            && summary.getTestsSkippedCount() == 0,
        counts + "; expected skipped only " + CONTRACTS_LEFT_OUT);
    return scsiDebugDisk()
        + ": "
        + summary.getTestsSucceededCount()
        + " contract tests passed, "
        + aborted
        + " skipped (the plugin-jar isolation contract runs in the checkers' own modules)";
  }

  // --- plumbing ------------------------------------------------------------------------------------------

  private String scsiDebugDisk() {
    if (scsiDebugDisk == null) {
      scsiDebugDisk = lab.call("lab_scsi_debug_disk");
    }
    return scsiDebugDisk;
  }

  private CheckerClass load(String checkerName, Map<String, String> classOptions) {
    CheckerProvider provider = providers.get(checkerName);
    if (provider == null) {
      throw new IllegalStateException(
          "ServiceLoader found no " + checkerName + " checker provider (META-INF/services) on the class path");
    }
    CheckerClass cls = provider.load(classOptions);
    loaded.add(cls);
    return cls;
  }

  /** Unloads the scenario's classes and waits for their release; returns what the scenario leaked. */
  private List<String> unloadAll(ResourceSnapshot before) throws Exception {
    ScenarioRun.unloadAll(loaded);
    return ResourceSnapshot.take().leaksSince(before);
  }

  private void safeUnloadAll() {
    ScenarioRun.unloadQuietly(loaded);
  }

  private static CheckerOptions options(CheckMode mode, Duration timeout) {
    return CheckerOptions.defaults().withMode(mode).withTimeout(timeout);
  }

  /** One check; for an asynchronous checker, polls until it answers (at most a minute). */
  private static CheckResult checkOnce(Checker checker) throws InterruptedException {
    return awaitAnswer(checker, Duration.ofMinutes(1));
  }

  /**
   * Checks and, while the answer is pending because the check still runs (not pending as tur's final answer
   * for a transitioning path), polls {@link Checker#pending()} every 20 ms, as a host would, up to {@code
   * max}.
   */
  private static CheckResult awaitAnswer(Checker checker, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    CheckResult answer = checker.check();
    while (answer.isPending() && !TRANSITIONING.equals(answer.message()) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      answer = checker.pending();
    }
    return answer;
  }

  /** Polls {@link Checker#pending()} every 20 ms while it answers pending, up to {@code max}. */
  private static CheckResult pollPending(Checker checker, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    CheckResult answer = checker.pending();
    while (answer.isPending() && System.nanoTime() < deadline) {
      Thread.sleep(20);
      answer = checker.pending();
    }
    return answer;
  }

  private static int inFlight(DirectioSnapshot snapshot) {
    return snapshot.groups().stream().mapToInt(DirectioSnapshot.Group::inFlight).sum();
  }

  private static int orphans(DirectioSnapshot snapshot) {
    return snapshot.groups().stream().mapToInt(DirectioSnapshot.Group::orphans).sum();
  }

  private static void expect(boolean condition, String failure) {
    if (!condition) {
      throw new AssertionError(failure);
    }
  }
}
