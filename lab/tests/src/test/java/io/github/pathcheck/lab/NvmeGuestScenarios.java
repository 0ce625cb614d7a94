package io.github.pathcheck.lab;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerInitException;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import io.github.pathcheck.nvme.AnaCheckerProvider;
import io.github.pathcheck.testkit.ResourceSnapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The ana checker's scenario runner: runs in the lab's guest, makes a real NVMe/TCP target (nvmet) on the loopback
 * interface with the helpers of {@code lab/guest/nvme.sh}, connects the kernel's NVMe host to it (two ports of one
 * subsystem: two controllers, two paths of one namespace under native multipath; a second subsystem whose
 * namespace is on dm-delay), changes the target under the checkers, and writes one line per scenario, {@code
 * SCENARIO <name> PASS|FAIL <detail>}, to stdout and to the file given as its argument. {@link NvmeLabTest} boots
 * the lab, runs it and asserts every line.
 *
 * <p>Checkers are synchronous (the passthrough ioctl) but in the {@code ana-async-*} scenarios and the contract,
 * which check asynchronously through the class's io_uring. Every scenario that changes one path checks that the
 * other path keeps its own state. Each scenario loads
 * its own checker class, unloaded after it, and fails if it leaves a thread or a file descriptor behind.
 * Scenarios run in the order of {@link #names}: the controller deletion is last.
 */
public final class NvmeGuestScenarios {
  static final String MAIN = "nqn.2026-12.io.github.pathcheck:main";
  static final String SLOW = "nqn.2026-12.io.github.pathcheck:slow";

  private static final List<String> NAMES =
      List.of(
          "ana-both-paths-optimized-up",
          "ana-non-optimized-up",
          "ana-inaccessible-ghost",
          "ana-persistent-loss-down",
          "ana-change-pending",
          "ana-controller-connecting-down",
          "ana-controller-reset-up-again",
          "ana-namespace-removed-down",
          "ana-read-past-timeout-timeout",
          "ana-not-an-nvme-path-wild",
          "ana-async-same-answers-as-sync",
          "ana-async-stalled-port-timeout",
          "ana-contract-on-nvme-path",
          "ana-controller-deleted-down");

  /** The contracts that skip on a real path, as in {@link GuestScenarios}: any other skip fails the scenario. */
  private static final List<String> CONTRACTS_LEFT_OUT =
      List.of("oneReadInFlightPerChecker", "pluginClassLoaderIsCollectedAfterUnload");

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final CheckResult OPTIMIZED = CheckResult.of(PathState.UP, " reports path is optimized");
  private static final CheckResult WAITING = CheckResult.of(PathState.PENDING, " is waiting on io_uring");

  private final LabShell lab;
  private final CheckerProvider provider;
  private final PrintWriter results;
  private final List<CheckerClass> loaded = new ArrayList<>();
  private final List<LinuxPathDevice> opened = new ArrayList<>();

  /** The controllers: {@code a} through port 1 and {@code b} through port 2 of MAIN; {@code slow} of SLOW. */
  private String a;
  private String b;
  private String slow;

  private NvmeGuestScenarios(LabShell lab, CheckerProvider provider, PrintWriter results) {
    this.lab = lab;
    this.provider = provider;
    this.results = results;
  }

  /** Every scenario, in running order. */
  static List<String> names() {
    return NAMES;
  }

  /**
   * Makes the target, connects the paths and runs every scenario. Argument: the results file. Environment:
   * {@code PATHCHECK_LAB_DIR} (set by lab/run). Exits 0 when every scenario passed, 1 otherwise.
   */
  public static void main(String[] args) throws IOException {
    ScenarioRun.main("NvmeGuestScenarios", args, (lab, results) -> {
      CheckerProvider provider = null;
      for (CheckerProvider p : ServiceLoader.load(CheckerProvider.class)) {
        if (p.name().equals(AnaCheckerProvider.NAME)) {
          provider = p;
        }
      }
      if (provider == null) {
        results.println("SCENARIO setup FAIL ServiceLoader found no ana provider (META-INF/services)");
        return false;
      }
      NvmeGuestScenarios runner = new NvmeGuestScenarios(lab, provider, results);
      runner.setUp();
      boolean allPassed = true;
      for (String name : NAMES) {
        allPassed &= runner.run(name);
      }
      return allPassed;
    });
  }

  /** The target: MAIN on ports 1 and 2, SLOW on port 1; the host connected to each; one warm-up check. */
  private void setUp() throws IOException {
    lab.call("lab_nvme_load");
    String mainDisk = lab.call("lab_dm_delay", "nvme-main", "0");
    String slowDisk = lab.call("lab_dm_delay", "nvme-slow", "0");
    lab.call("lab_nvmet_subsystem", MAIN);
    lab.call("lab_nvmet_namespace", MAIN, "1", mainDisk);
    lab.call("lab_nvmet_subsystem", SLOW);
    lab.call("lab_nvmet_namespace", SLOW, "1", slowDisk);
    lab.call("lab_nvmet_port", "1", "4420");
    lab.call("lab_nvmet_port", "2", "4421");
    lab.call("lab_nvmet_link", MAIN, "1");
    lab.call("lab_nvmet_link", MAIN, "2");
    lab.call("lab_nvmet_link", SLOW, "1");
    a = lab.call("lab_nvme_connect", MAIN, "4420");
    b = lab.call("lab_nvme_connect", MAIN, "4421");
    slow = lab.call("lab_nvme_connect", SLOW, "4420");
    System.out.println("NVMe paths: " + MAIN + " through " + a + " and " + b + ", " + SLOW + " through " + slow);
    // What the JVM and JNA set up on first use is not taken for a leak of the first scenario.
    CheckerClass cls = provider.load(Map.of());
    try (LinuxPathDevice device = LinuxPathDevice.open(Path.of(a))) {
      Checker checker = cls.init(device, options());
      System.out.println("warm-up: " + a + checker.check());
      checker.free();
      Checker async = cls.init(device, asyncOptions());
      System.out.println("warm-up, asynchronous: " + a + collect(cls, async, async.check(), Duration.ofSeconds(30)));
      async.free();
    } catch (Exception e) {
      throw new IOException("warm-up failed", e);
    } finally {
      try {
        cls.unload().released().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IOException("warm-up's unload failed", e);
      }
    }
  }

  private boolean run(String name) {
    return ScenarioRun.run(name, results, () -> scenario(name), this::releaseAll, this::safeReleaseAll);
  }

  private String scenario(String name) throws Exception {
    switch (name) {
      case "ana-both-paths-optimized-up":
        return bothOptimized();
      case "ana-non-optimized-up":
        return otherPathIn("non-optimized", CheckResult.of(PathState.UP, " reports path is non-optimized"));
      case "ana-inaccessible-ghost":
        return otherPathIn("inaccessible", CheckResult.of(PathState.GHOST, " reports path is inaccessible"));
      case "ana-persistent-loss-down":
        return otherPathIn("persistent-loss", CheckResult.of(PathState.DOWN, " reports path is in persistent loss"));
      case "ana-change-pending":
        return otherPathIn("change", CheckResult.of(PathState.PENDING, " reports path is changing its ANA state"));
      case "ana-controller-connecting-down":
        return controllerConnecting();
      case "ana-controller-reset-up-again":
        return controllerReset();
      case "ana-namespace-removed-down":
        return namespaceRemoved();
      case "ana-read-past-timeout-timeout":
        return readPastTimeout();
      case "ana-not-an-nvme-path-wild":
        return notNvme();
      case "ana-async-same-answers-as-sync":
        return asyncSameAsSync();
      case "ana-async-stalled-port-timeout":
        return asyncStalledPort();
      case "ana-contract-on-nvme-path":
        return contract();
      case "ana-controller-deleted-down":
        return controllerDeleted();
      default:
        throw new IllegalArgumentException("no scenario " + name);
    }
  }

  // --- scenarios -------------------------------------------------------------------------------------------

  private String bothOptimized() throws Exception {
    Checker pathA = init(a, options());
    Checker pathB = init(b, options());
    CheckResult answerA = pathA.check();
    CheckResult answerB = pathB.check();
    expect(answerA.equals(OPTIMIZED) && answerB.equals(OPTIMIZED), a + ": " + answerA + ", " + b + ": " + answerB);
    return a + " " + answerA + ", " + b + " " + answerB;
  }

  /**
   * Port 2's ANA group goes to {@code anaState} under checkers already initialised: path b answers {@code
   * expected} (and, for pending, the same again when polled), path a stays optimized, and b answers optimized
   * again once the group is back.
   */
  private String otherPathIn(String anaState, CheckResult expected) throws Exception {
    Checker pathA = init(a, options());
    Checker pathB = init(b, options());
    expect(pathB.check().equals(OPTIMIZED), b + " optimized before the change");
    String detail;
    try {
      lab.call("lab_nvmet_ana_state", "2", anaState);
      lab.call("lab_nvme_wait_ana", b, "1", anaState, "30");
      CheckResult answerB = pathB.check();
      expect(answerB.equals(expected), b + " in " + anaState + ": expected " + expected + ", got " + answerB);
      if (expected.isPending()) {
        CheckResult polled = pathB.pending();
        expect(polled.equals(expected), b + " polled while in change: " + polled);
      }
      CheckResult answerA = pathA.check();
      expect(answerA.equals(OPTIMIZED), a + " keeps its state while " + b + " is " + anaState + ": " + answerA);
      detail = b + " " + answerB + " while " + a + " " + answerA;
    } finally {
      lab.call("lab_nvmet_ana_state", "2", "optimized");
      lab.call("lab_nvme_wait_ana", b, "1", "optimized", "30");
    }
    CheckResult back = pathB.check();
    expect(back.equals(OPTIMIZED), b + " after its group is optimized again: " + back);
    return detail + "; then " + back;
  }

  /** The subsystem leaves port 2: b's controller reconnects in vain (connecting): down, a up; back: up. */
  private String controllerConnecting() throws Exception {
    Checker pathA = init(a, options());
    Checker pathB = init(b, options());
    String detail;
    lab.call("lab_nvmet_unlink", MAIN, "2");
    try {
      lab.call("lab_nvme_wait_state", b, "connecting", "30");
      CheckResult answerB = pathB.check();
      expect(
          answerB.equals(CheckResult.of(PathState.DOWN, " reports controller is connecting")),
          b + " while connecting: " + answerB);
      CheckResult answerA = pathA.check();
      expect(answerA.equals(OPTIMIZED), a + " while " + b + " is connecting: " + answerA);
      detail = b + " " + answerB + " while " + a + " " + answerA;
    } finally {
      lab.call("lab_nvmet_link", MAIN, "2");
    }
    lab.call("lab_nvme_wait_state", b, "live", "60");
    CheckResult back = pathB.check();
    expect(back.equals(OPTIMIZED), b + " live again, on the descriptor opened before: " + back);
    return detail + "; reconnected: " + back;
  }

  /** b's controller is reset: whatever the check during the reset, the same checker answers up after it. */
  private String controllerReset() throws Exception {
    Checker pathB = init(b, options());
    lab.call("lab_nvme_reset", b);
    CheckResult during = pathB.check();
    lab.call("lab_nvme_wait_state", b, "live", "60");
    CheckResult after = pathB.check();
    expect(after.equals(OPTIMIZED), b + " after its reset: " + after);
    expect(
        during.equals(OPTIMIZED) || during.state() == PathState.DOWN,
        b + " during its reset: up or down, got " + during);
    return "during the reset " + during + ", after it " + after;
  }

  /**
   * Namespace 2 is added (so a controller has two namespaces and nsid must be named), then disabled on the target:
   * its path through a is down, namespace 1's paths through a and b stay optimized.
   */
  private String namespaceRemoved() throws Exception {
    String disk = lab.call("lab_dm_delay", "nvme-ns2", "0");
    lab.call("lab_nvmet_namespace", MAIN, "2", disk);
    lab.call("lab_nvme_wait_ana", a, "2", "optimized", "30");
    String refused;
    try {
      init(a, options());
      throw new AssertionError("init without nsid on " + a + ", which has two namespaces, did not fail");
    } catch (CheckerInitException e) {
      refused = e.getMessage();
      expect(refused.contains("name one with the property nsid"), "the init error names the fix: " + refused);
    }
    Checker ns2 = init(a, options().withProperty("nsid", "2"));
    Checker ns1 = init(a, options().withProperty("nsid", "1"));
    Checker ns1b = init(b, options().withProperty("nsid", "1"));
    expect(ns2.check().equals(OPTIMIZED), "namespace 2 through " + a + " before its removal");
    lab.call("lab_nvmet_namespace_enable", MAIN, "2", "0");
    awaitTrue(() -> !hasPath(a, 2), Duration.ofSeconds(30), "the kernel removes namespace 2's path through " + a);
    CheckResult gone = ns2.check();
    expect(
        gone.equals(
            CheckResult.of(
                PathState.DOWN, " reports namespace 2 is gone from controller " + a.substring("/dev/".length()))),
        "namespace 2 through " + a + " after its removal: " + gone);
    CheckResult one = ns1.check();
    CheckResult oneB = ns1b.check();
    expect(one.equals(OPTIMIZED) && oneB.equals(OPTIMIZED), "namespace 1 stays: " + one + ", " + oneB);
    return "init without nsid refused (" + refused + "); namespace 2 " + gone + "; namespace 1 " + one + ", " + oneB;
  }

  /**
   * The slow subsystem's namespace is delayed 3 s under a checker with read=yes and a 1 s timeout: the read
   * through that controller's own queue passes the timeout (the kernel aborts it and reconnects the controller):
   * timeout; a and b stay optimized; without the delay, up again.
   */
  private String readPastTimeout() throws Exception {
    Checker slowPath = init(slow, options().withTimeout(Duration.ofSeconds(1)).withProperty("read", "yes"));
    Checker pathA = init(a, options());
    Checker pathB = init(b, options());
    CheckResult before = slowPath.check();
    expect(before.equals(OPTIMIZED), slow + " with its read before the delay: " + before);
    CheckResult late;
    long millis;
    lab.call("lab_dm_set_delay", "nvme-slow", "3000");
    try {
      long start = System.nanoTime();
      late = slowPath.check();
      millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      expect(late.equals(CheckResult.of(PathState.TIMEOUT, " timed out")), slow + " with a 3 s read: " + late);
      CheckResult answerA = pathA.check();
      CheckResult answerB = pathB.check();
      expect(answerA.equals(OPTIMIZED) && answerB.equals(OPTIMIZED), "the other paths: " + answerA + ", " + answerB);
    } finally {
      lab.call("lab_dm_set_delay", "nvme-slow", "0");
    }
    lab.call("lab_nvme_wait_state", slow, "live", "60");
    CheckResult after = awaitAnswer(slowPath, OPTIMIZED, Duration.ofSeconds(30));
    expect(after.equals(OPTIMIZED), slow + " without the delay: " + after);
    return slow + " " + before + ", with a 3 s read " + late + " after " + millis + " ms, then " + after;
  }

  /** The multipath head's block device and generic node, and a dm device: wild, without a command. */
  private String notNvme() throws Exception {
    String head = lab.call("lab_nvme_head", MAIN, "1");
    String generic = head.replace("/dev/nvme", "/dev/ng");
    List<String> answers = new ArrayList<>();
    for (String node : List.of(head, generic, "/dev/mapper/nvme-main")) {
      CheckResult answer = init(node, options()).check();
      expect(answer.equals(CheckResult.UNSUPPORTED_DEVICE), node + ": " + answer);
      answers.add(node + " " + answer);
    }
    return String.join(", ", answers);
  }

  /**
   * Asynchronous checkers of a and b, through the class's io_uring, answer what synchronous ones (the ioctl)
   * answer while port 2's ANA group goes through every state.
   */
  private String asyncSameAsSync() throws Exception {
    Checker syncA = init(a, options());
    Checker syncB = init(b, options());
    Checker asyncA = init(a, asyncOptions());
    Checker asyncB = init(b, asyncOptions());
    List<String> details = new ArrayList<>();
    int pendingFirst = 0;
    try {
      for (String state : List.of("optimized", "non-optimized", "inaccessible", "persistent-loss", "change")) {
        lab.call("lab_nvmet_ana_state", "2", state);
        lab.call("lab_nvme_wait_ana", b, "1", state, "30");
        CheckResult firstB = asyncB.check();
        CheckResult firstA = asyncA.check();
        pendingFirst += (firstB.equals(WAITING) ? 1 : 0) + (firstA.equals(WAITING) ? 1 : 0);
        CheckResult answerB = collect(loaded.get(0), asyncB, firstB, Duration.ofSeconds(30));
        CheckResult answerA = collect(loaded.get(0), asyncA, firstA, Duration.ofSeconds(30));
        CheckResult wantedB = syncB.check();
        CheckResult wantedA = syncA.check();
        expect(
            answerB.equals(wantedB) && answerA.equals(wantedA),
            "group of port 2 " + state + ": asynchronous " + b + " " + answerB + ", " + a + " " + answerA
                + "; synchronous " + wantedB + ", " + wantedA);
        details.add(state + ": " + b + answerB + ", " + a + answerA);
      }
    } finally {
      lab.call("lab_nvmet_ana_state", "2", "optimized");
      lab.call("lab_nvme_wait_ana", b, "1", "optimized", "30");
    }
    return String.join("; ", details) + " (" + pendingFirst + " of 10 first answers pending)";
  }

  /**
   * What port 2 sends is delayed 3 s on the wire: b's asynchronous check with a 1 s timeout answers pending, then
   * timeout, while a's asynchronous check answers optimized; without the delay, b is optimized again. (The
   * admin command does not touch the namespace, so dm-delay under it would not stall it: the network does.)
   */
  private String asyncStalledPort() throws Exception {
    CheckerClass cls = loadedClass();
    Checker asyncA = init(a, asyncOptions());
    Checker asyncB = init(b, asyncOptions().withTimeout(Duration.ofSeconds(1)));
    CheckResult before = collect(cls, asyncB, asyncB.check(), Duration.ofSeconds(30));
    expect(before.equals(OPTIMIZED), b + " before the delay: " + before);
    CheckResult first;
    CheckResult late;
    long millis;
    lab.call("lab_nvmet_delay_port", "4421", "3000");
    try {
      long start = System.nanoTime();
      first = asyncB.check();
      expect(first.equals(WAITING), b + " first answer while its port is delayed: " + first);
      late = collect(cls, asyncB, first, Duration.ofSeconds(30));
      millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      expect(late.equals(CheckResult.of(PathState.TIMEOUT, " timed out")), b + " with its port delayed: " + late);
      CheckResult answerA = collect(cls, asyncA, asyncA.check(), Duration.ofSeconds(30));
      expect(answerA.equals(OPTIMIZED), a + " while port 2 is delayed: " + answerA);
    } finally {
      lab.call("lab_nvmet_delay_clear");
    }
    lab.call("lab_nvme_wait_state", b, "live", "60");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    CheckResult after = collect(cls, asyncB, asyncB.check(), Duration.ofSeconds(30));
    while (!after.equals(OPTIMIZED) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      after = collect(cls, asyncB, asyncB.check(), Duration.ofSeconds(30));
    }
    expect(after.equals(OPTIMIZED), b + " without the delay: " + after);
    return b + " " + before + ", delayed: " + first + " then " + late + " after " + millis + " ms, then " + after;
  }

  /**
   * Collects an asynchronous check that answered {@code first}: while it is waiting on io_uring, waits for the
   * class's answers (awaitAnswers, as a host does) and polls, up to {@code max}.
   */
  private static CheckResult collect(CheckerClass cls, Checker checker, CheckResult first, Duration max)
      throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    CheckResult answer = first;
    while (answer.equals(WAITING) && System.nanoTime() < deadline) {
      cls.awaitAnswers(Duration.ofMillis(500));
      answer = checker.pending();
    }
    return answer;
  }

  private CheckerClass loadedClass() {
    if (loaded.isEmpty()) {
      loaded.add(provider.load(Map.of()));
    }
    return loaded.get(0);
  }

  /** The testkit's contract on path a, through JUnit's launcher. */
  private String contract() {
    System.setProperty(AnaOnNvmePathContract.CONTROLLER_PROPERTY, a);
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
    org.junit.platform.launcher.core.LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(AnaOnNvmePathContract.class))
                .build(),
            listener,
            abortedTests);
    TestExecutionSummary summary = listener.getSummary();
    StringBuilder failures = new StringBuilder();
    for (TestExecutionSummary.Failure f : summary.getFailures()) {
      failures.append(f.getTestIdentifier().getDisplayName()).append(": ").append(f.getException()).append("; ");
      f.getException().printStackTrace(System.out);
    }
    List<String> skipped = aborted.stream().sorted().collect(Collectors.toList());
    String counts =
        summary.getTestsSucceededCount()
            + " contract tests passed, "
            + summary.getTotalFailureCount()
            + " failed, skipped "
            + skipped;
    expect(summary.getTotalFailureCount() == 0 && summary.getTestsSucceededCount() > 0, counts + ": " + failures);
    expect(
        skipped.equals(CONTRACTS_LEFT_OUT) && summary.getTestsSkippedCount() == 0,
        counts + "; expected skipped only " + CONTRACTS_LEFT_OUT);
    return a + ": " + counts;
  }

  /** b's controller is deleted under its checker: down, a up. */
  private String controllerDeleted() throws Exception {
    Checker pathA = init(a, options());
    Checker pathB = init(b, options());
    Path sysfs = Path.of("/sys/class/nvme", b.substring("/dev/".length()));
    lab.call("lab_nvme_delete", b);
    awaitTrue(() -> !Files.exists(sysfs), Duration.ofSeconds(30), sysfs + " goes");
    CheckResult answerB = pathB.check();
    expect(answerB.equals(CheckResult.of(PathState.DOWN, " reports controller is gone")), b + " deleted: " + answerB);
    CheckResult answerA = pathA.check();
    expect(answerA.equals(OPTIMIZED), a + " while " + b + " is deleted: " + answerA);
    return b + " " + answerB + " while " + a + " " + answerA;
  }

  // --- plumbing ------------------------------------------------------------------------------------------

  /** Synchronous checks: the passthrough ioctl, as the framework runs them on its pool. */
  private static CheckerOptions options() {
    return CheckerOptions.defaults().withTimeout(TIMEOUT).withMode(CheckMode.SYNC);
  }

  /** Asynchronous checks: through the class's io_uring. */
  private static CheckerOptions asyncOptions() {
    return CheckerOptions.defaults().withTimeout(TIMEOUT).withMode(CheckMode.ASYNC);
  }

  /** Opens {@code node} (closed after the scenario) and inits a checker of a class loaded for the scenario. */
  private Checker init(String node, CheckerOptions options) throws Exception {
    CheckerClass cls = loadedClass();
    LinuxPathDevice device = LinuxPathDevice.open(Path.of(node));
    opened.add(device);
    return cls.init(device, options);
  }

  /** Unloads the scenario's class, closes its devices, and returns what the scenario leaked. */
  private List<String> releaseAll(ResourceSnapshot before) throws Exception {
    ScenarioRun.unloadAll(loaded);
    opened.forEach(LinuxPathDevice::close);
    opened.clear();
    return ResourceSnapshot.take().leaksSince(before);
  }

  private void safeReleaseAll() {
    ScenarioRun.unloadQuietly(loaded);
    opened.forEach(LinuxPathDevice::close);
    opened.clear();
  }

  /** Checks until the answer is {@code wanted} or {@code max} has passed; returns the last answer. */
  private static CheckResult awaitAnswer(Checker checker, CheckResult wanted, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    CheckResult answer = checker.check();
    while (!answer.equals(wanted) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      answer = checker.check();
    }
    return answer;
  }

  private static void awaitTrue(BooleanSupplier condition, Duration max, String what) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + max.toSeconds() + " s in vain: " + what);
      }
      Thread.sleep(100);
    }
  }

  /** Whether the kernel shows a path device of namespace {@code nsid} under controller {@code node}. */
  private static boolean hasPath(String node, int nsid) {
    Path controller = Path.of("/sys/class/nvme", node.substring("/dev/".length()));
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(controller, "nvme*c*n*")) {
      for (Path entry : entries) {
        Path file = entry.resolve("nsid");
        if (Files.exists(file) && Files.readString(file).trim().equals(Integer.toString(nsid))) {
          return true;
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  private static void expect(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }
}
