package io.github.pathcheck.testkit;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerInitException;
import io.github.pathcheck.api.CheckerMessages;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.api.UnloadResult;
import io.github.pathcheck.loader.CheckerRegistry;
import io.github.pathcheck.loader.PathChecker;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import io.github.pathcheck.nativeio.LoopDevice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every checker must pass, as JUnit 5 tests: extend this class in a test, name the provider, and
 * the test methods it inherits run the SPI's lifecycle against the real kernel. They are the test class's own
 * tests, so a build's report lists them under that class.
 *
 * <pre>{@code
 * class MyCheckerContractTest extends CheckerContractKit {
 *   @Override
 *   protected CheckerProvider provider() {
 *     return new MyCheckerProvider();
 *   }
 * }
 * }</pre>
 *
 * <p><b>What it checks</b>, each failure naming the rule and the fix:
 *
 * <ul>
 *   <li>the lifecycle: load, init, check, pending, free, reset, unload ({@link #fullLifecycle()}); the
 *       capabilities the class declares; init after unload throws and unload is idempotent; unload frees the
 *       live checkers;
 *   <li>after free: free twice; every call but free throws {@link IllegalStateException};
 *   <li>reset between checks, and free, reset, init, check;
 *   <li>answers are never null, every final answer's message is empty or starts with a space, and a device
 *       without a file descriptor is answered {@link CheckResult#NO_USABLE_FD};
 *   <li>the asynchronous protocol: a {@link PathState#PENDING} answer resolves through {@link
 *       Checker#pending()} within the checker timeout plus {@link #MARGIN}; synchronous checks never pend;
 *   <li>many threads checking distinct checkers at once;
 *   <li>resources: no file descriptor, thread or aio context left after unload;
 *   <li>the rules the SPI states: unknown class options and per-path properties are refused with {@link
 *       IllegalArgumentException} naming them ({@link #unknownClassOptionIsRefused()}, {@link
 *       #unknownPropertyIsRefused()}); a freed checker is no longer held by its class ({@link
 *       #aFreedCheckerIsNotHeldByItsClass()}); an asynchronous check starts no second read while one is in
 *       flight ({@link #oneReadInFlightPerChecker()}); checks leave no descriptor open, counted before any
 *       garbage collection ({@link #checksLeaveNoDescriptorOpen()}); a message belongs to the answer it came
 *       with, and a checker answers for the device as it is now ({@link #aMessageBelongsToItsAnswer()});
 *   <li>races ({@link #sharedStateSurvivesChurnAndReset()}): many threads churning checkers of one class while
 *       another resets it, which exposes a class's shared state used without synchronisation (a static map, a
 *       live set, a counter) as calls that throw, wrong answers, freed or live checkers the class lost track of,
 *       or a release that never completes;
 *   <li>isolation ({@link #pluginClassLoaderIsCollectedAfterUnload()}): from a plugin jar, loaded from a
 *       plugin directory through a {@link CheckerRegistry}, unloaded, its class loader garbage-collected; if
 *       something holds it, the failure names it (threads, idle pool threads, JNA's caches, log handlers,
 *       shutdown hooks, thread-local values);
 *   <li>unhealthy devices ({@link #deviceScenarios()}): a truncated file and a device that hangs, through the
 *       framework and, for an asynchronous-capable class, directly.
 * </ul>
 *
 * <p><b>Whom it calls.</b> Every contract but isolation and the unhealthy devices' run through the framework
 * calls the author's {@link CheckerClass} and {@link Checker} directly, as the framework does: one call at a
 * time per checker, {@link Checker#pending()} only after {@link Checker#check()} answered pending, and on the
 * test's own threads (a synchronous checker's {@code check()} may block them).
 *
 * <p><b>Hooks.</b> Override what differs from the defaults: the capabilities the checker declares ({@link
 * #isAsyncCapable()}, {@link #needsBlockDevice()}, {@link #needsRoot()}), the state it should report for a
 * healthy device ({@link #expectedState()}), the devices ({@link #newDevice(Path)}: by default a scratch file on
 * a file system that supports {@code O_DIRECT}, behind a loop device when a block device is needed), the
 * options ({@link #classOptions()}, {@link #checkerOptions()}) and the plugin jar for the isolation test
 * ({@link #pluginJar()}).
 *
 * <p><b>Privileges.</b> When the checker needs root or a block device and the tests do not run as root, every
 * contract is skipped with a message saying so, or fails if {@code PATHCHECK_REQUIRE_PRIVILEGED_TESTS=1} (see
 * {@link PrivilegedTests}).
 *
 * <p><b>Timing.</b> No contract measures speed: the kit's bounds are generous ones against hangs, each failing
 * with a message saying what never arrived. It waits for answers (polling {@link Checker#pending()}), for
 * releases ({@link UnloadResult#released()}) and for its tear-down's closes at most the checker timeout plus
 * {@link #MARGIN}; an asynchronous-capable checker's calls on an unhealthy device, which must not wait for it,
 * get half the checker timeout, at least a second and at most {@link #MARGIN}; {@link
 * CheckerClass#awaitAnswers} after unload gets {@link #MARGIN}; and every test fails after four times the
 * checker timeout plus {@link #MARGIN}.
 *
 * <p>Every checker, class and device a contract creates is freed, unloaded and closed after it, also when it
 * fails. JUnit creates one instance per test; the hooks may be called many times and from the kit's worker
 * threads, and should return fresh objects each time.
 */
@ExtendWith(KitTimeouts.class)
public abstract class CheckerContractKit {
  /** How much longer than the checker timeout the kit waits for an answer or a release before failing. */
  public static final Duration MARGIN = Duration.ofSeconds(5);

  /** Every test of the kit fails after this many times the checker timeout plus {@link #MARGIN}. */
  static final int TEST_TIMEOUT_FACTOR = 4;

  /** A class option and per-path property no checker knows. */
  static final String UNKNOWN_KEY = "pathcheck-kit-unknown-key";

  @TempDir(factory = TargetTempDirFactory.class)
  Path scratchDirectory;

  /** What the test made, released after it, and the steps the contracts share. */
  private final KitFixture fixture = new KitFixture(this);

  private final LifecycleContracts lifecycle = new LifecycleContracts(fixture);
  private final AnswerContracts answers = new AnswerContracts(fixture);
  private final AsyncProtocolContracts asyncProtocol = new AsyncProtocolContracts(fixture);
  private final ConcurrencyContracts concurrency = new ConcurrencyContracts(fixture);
  private final LeakContracts leaks = new LeakContracts(fixture);
  private final OptionContracts options = new OptionContracts(fixture);
  private final IsolationContract isolation = new IsolationContract(fixture);
  private final UnhealthyDeviceContracts unhealthyDevices = new UnhealthyDeviceContracts(fixture);

  /** Creates the kit; subclasses are JUnit test classes. */
  protected CheckerContractKit() {}

  // ---------------------------------------------------------------------------------------------------------
  // Hooks

  /**
   * Returns the provider of the checker under test; a new instance each call is best. The kit loads a class
   * from it for each test and unloads it afterwards.
   */
  protected abstract CheckerProvider provider();

  /**
   * Returns whether the checker's class declares itself asynchronous-capable ({@link
   * CheckerClass#isAsyncCapable()}). The kit asserts the class says the same, and runs the asynchronous
   * protocol only for classes that do. Default: false.
   */
  protected boolean isAsyncCapable() {
    return false;
  }

  /**
   * Returns whether the checker needs a block device (not a regular file). The default {@link #newDevice}
   * then attaches a {@link LoopDevice}, which needs root. Default: false.
   */
  protected boolean needsBlockDevice() {
    return false;
  }

  /** Returns whether the checker needs root for anything else. Default: false. */
  protected boolean needsRoot() {
    return false;
  }

  /** Returns the class options given to {@link CheckerProvider#load}. Default: none. */
  protected Map<String, String> classOptions() {
    return Map.of();
  }

  /**
   * Returns the per-path options given to {@link CheckerClass#init}; the kit sets the mode itself where a
   * contract needs a given one. Default: the API's defaults with a 5 second timeout.
   */
  protected CheckerOptions checkerOptions() {
    return CheckerOptions.defaults().withTimeout(Duration.ofSeconds(5));
  }

  /**
   * Returns the final state the checker answers for a device of {@link #newDevice(Path)}. Default: {@link
   * PathState#UP}.
   */
  protected PathState expectedState() {
    return PathState.UP;
  }

  /**
   * Returns the checker packaged as a plugin jar (its classes and {@code META-INF/services} entry, without the
   * API), for {@link #pluginClassLoaderIsCollectedAfterUnload()}; empty skips that contract. Default: {@link
   * PluginJars#packageOf} for the class of {@link #provider()}, every class of its package. Override it
   * when the checker's classes are not all in that package (return a jar of them all, such as the one the build
   * made), or return empty when the checker is no plugin (built into the host).
   */
  protected Optional<Path> pluginJar() {
    return Optional.of(PluginJars.packageOf(provider().getClass()));
  }

  /**
   * Opens a fresh device for one checker. The kit closes it after the checker is freed.
   *
   * <p>Default: a 1 MiB {@link ScratchDisk} in {@code scratchDirectory}, behind a {@link LoopDevice} when
   * {@link #needsBlockDevice()}, opened read-only with {@code O_CLOEXEC}.
   *
   * @param scratchDirectory a temporary directory of this test, on a file system that supports {@code
   *     O_DIRECT} when {@code java.io.tmpdir} is
   */
  protected TestDevice newDevice(Path scratchDirectory) throws Exception {
    ScratchDisk disk = ScratchDisk.create(scratchDirectory, 1 << 20);
    LoopDevice loop = null;
    try {
      Path path = disk.path();
      if (needsBlockDevice()) {
        loop = LoopDevice.attach(disk.path());
        path = loop.path();
      }
      LinuxPathDevice device = LinuxPathDevice.open(path);
      return loop == null
          ? TestDevice.of(device, disk, device::close)
          : TestDevice.of(device, disk, loop, device::close);
    } catch (Exception | Error e) {
      if (loop != null) {
        loop.close();
      }
      disk.close();
      throw e;
    }
  }

  /**
   * Returns the unhealthy devices the kit runs its contracts on, each with the answers the
   * checker may give for it. Default: {@link DeviceScenario#truncatedFile()} and {@link
   * DeviceScenario#hangingDevice()}, any final state; add your own or narrow the expected answers.
   */
  protected List<DeviceScenario> deviceScenarios() {
    return List.of(DeviceScenario.truncatedFile(), DeviceScenario.hangingDevice());
  }

  /** The bound of every test, set-up and tear-down: {@link #TEST_TIMEOUT_FACTOR} x (timeout + margin). */
  Duration testTimeout() {
    return checkerOptions().timeout().plus(MARGIN).multipliedBy(TEST_TIMEOUT_FACTOR);
  }

  /** The checker's name for messages, or the provider's class if {@code name()} fails. */
  String checkerName() {
    try {
      return provider().name();
    } catch (RuntimeException e) {
      return provider().getClass().getName();
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Setup and teardown

  @BeforeEach
  void requirePrivileges() {
    String name = checkerName();
    if (needsRoot()) {
      PrivilegedTests.assumeRoot("run the " + name + " checker, which declares it needs root");
    }
    if (needsBlockDevice()) {
      PrivilegedTests.assumeRoot(
          "attach loop devices for the " + name + " checker, which declares it needs a block device");
    }
  }

  /** Releases what the test made, also when it failed (see {@link KitFixture#releaseEverything()}). */
  @AfterEach
  void releaseEverything() throws Exception {
    fixture.releaseEverything();
  }

  // ---------------------------------------------------------------------------------------------------------
  // The contracts: each states its rule here and runs in the class of its group of contracts

  /** Runs every step of the lifecycle once, in the order a host drives it. */
  @Test
  public void fullLifecycle() throws Exception {
    lifecycle.fullLifecycle();
  }

  /** The class declares the capabilities the test says it has. */
  @Test
  public void declaresItsCapabilities() {
    lifecycle.declaresItsCapabilities();
  }

  /** After unload, init throws {@link IllegalStateException}; a second unload returns the first result. */
  @Test
  public void initAfterUnloadThrowsAndUnloadIsIdempotent() throws Exception {
    lifecycle.initAfterUnloadThrowsAndUnloadIsIdempotent();
  }

  /** Unload after every checker was freed releases everything. */
  @Test
  public void unloadAfterAllFrees() throws Exception {
    lifecycle.unloadAfterAllFrees();
  }

  /** Unload frees the checkers still live: their calls throw, their free does not. */
  @Test
  public void unloadFreesLiveCheckers() throws Exception {
    lifecycle.unloadFreesLiveCheckers();
  }

  /** free() and free() again do not throw. */
  @Test
  public void freeTwice() throws Exception {
    lifecycle.freeTwice();
  }

  /** check, pending and needWait throw after free. */
  @Test
  public void everyCallAfterFreeThrows() throws Exception {
    lifecycle.everyCallAfterFreeThrows();
  }

  /** check, reset, check. */
  @Test
  public void resetBetweenChecks() throws Exception {
    lifecycle.resetBetweenChecks();
  }

  /** check, free, reset, init, check. */
  @Test
  public void freeResetInitCheck() throws Exception {
    lifecycle.freeResetInitCheck();
  }

  /**
   * In every mode, every answer of {@code check()} and {@code pending()} is a result, not null, and every final
   * one has a message that is empty or starts with a space (it follows the checker's name when printed).
   */
  @Test
  public void neverNull() throws Exception {
    answers.neverNull();
  }

  /**
   * A device whose {@code fd()} is -1 is answered {@link CheckResult#NO_USABLE_FD}: {@link PathState#WILD}
   * with {@link CheckerMessages#NO_USABLE_FD}. Refusing it in init with a {@link CheckerInitException} is
   * allowed too.
   */
  @Test
  public void deviceWithoutFdIsWild() throws Exception {
    answers.deviceWithoutFdIsWild();
  }

  /**
   * A message belongs to the answer it came with: one checker checks a scratch file, the file cut to nothing,
   * and the file written back; answers of different states carry different messages (or none), and the last
   * answer is the first one's state again. Runs with the kit's truncated file among {@link #deviceScenarios()},
   * for a checker that does not need a block device; none otherwise.
   */
  @TestFactory
  public List<DynamicTest> aMessageBelongsToItsAnswer() {
    return answers.aMessageBelongsToItsAnswer();
  }

  /**
   * In asynchronous mode, an async-capable checker's {@link PathState#PENDING} resolves through {@code
   * pending()} within the timeout plus {@link #MARGIN}; other checkers never answer pending at all.
   */
  @Test
  public void pendingResolvesWithinTheTimeout() throws Exception {
    asyncProtocol.pendingResolvesWithinTheTimeout();
  }

  /**
   * A class that {@linkplain CheckerClass#awaitAnswers awaits its answers} (it returns {@code true}) leaves
   * none pending: given the checker timeout plus {@link #MARGIN} to wait in, the next {@code pending()} is
   * final. A class that cannot tell returns {@code false} (the default), and polling resolves the check as
   * usual. After unload, the call returns without throwing.
   */
  @Test
  public void awaitAnswersLeavesNoAnswerPendingWhenItWaited() throws Exception {
    asyncProtocol.awaitAnswersLeavesNoAnswerPendingWhenItWaited();
  }

  /** In synchronous mode check() answers a final state at once. */
  @Test
  public void syncModeNeverAnswersPending() throws Exception {
    asyncProtocol.syncModeNeverAnswersPending();
  }

  /**
   * On a device that hangs, an asynchronous-capable checker's {@code check()} and {@code pending()} while its
   * check is in flight start no further read of the device: the device receives no more reads than one check
   * makes on it when it answers. It runs on the kit's hanging device whatever {@link #deviceScenarios()}
   * returns. Skipped for a class that is not asynchronous-capable, and where a check does not reach the device
   * (the checker answers {@link PathState#WILD} for a device it does not support, or a cache answers); failed
   * when a check that reaches it answers final at once while the device holds its read. Where the machine
   * cannot make a hanging device, skipped with a message saying what is missing, or failed under {@code
   * PATHCHECK_REQUIRE_PRIVILEGED_TESTS=1} unless {@link #deviceScenarios()} leaves the hanging device out (as a
   * contract on a machine without FUSE does).
   */
  @Test
  public void oneReadInFlightPerChecker() throws Exception {
    asyncProtocol.oneReadInFlightPerChecker();
  }

  /** Each thread inits, checks and frees its own checker; every answer is final and the expected one. */
  @Test
  public void manyThreadsCheckDistinctCheckers() throws Exception {
    concurrency.manyThreadsCheckDistinctCheckers();
  }

  /**
   * Eight threads each init and free 5,000 rounds of eight checkers without checking them (fewer if the checker
   * timeout passes first), then init, check and free 200 checkers, one at a time and in both modes, on a device of
   * their own, starting each round together, while another thread calls {@link CheckerClass#reset()}; then each
   * leaves one checker live and the class is unloaded. Every call must return its answer, every checker freed in
   * the churn must be collectable while the class is loaded, the release must complete, and every checker that
   * was live at unload must throw {@link IllegalStateException}.
   */
  @Test
  public void sharedStateSurvivesChurnAndReset() throws Exception {
    concurrency.sharedStateSurvivesChurnAndReset();
  }

  /**
   * Compares file descriptors, threads and aio contexts before load and after {@link
   * UnloadResult#released()}; see {@link ResourceSnapshot}.
   */
  @Test
  public void unloadLeavesNoFdsThreadsOrAioContexts() throws Exception {
    leaks.unloadLeavesNoFdsThreadsOrAioContexts();
  }

  /**
   * Many checks of one checker open no descriptor that stays open: counted before any free, unload or garbage
   * collection, so a descriptor that only a collection would close counts as left open.
   */
  @Test
  public void checksLeaveNoDescriptorOpen() throws Exception {
    leaks.checksLeaveNoDescriptorOpen();
  }

  /**
   * Once freed, a checker is not reachable from its class, which is still loaded: after {@code free()} and
   * garbage collections, the checker object is collected.
   */
  @Test
  public void aFreedCheckerIsNotHeldByItsClass() throws Exception {
    leaks.aFreedCheckerIsNotHeldByItsClass();
  }

  /**
   * {@link CheckerProvider#load} with a class option the class cannot know throws {@link
   * IllegalArgumentException} whose message names it.
   */
  @Test
  public void unknownClassOptionIsRefused() {
    options.unknownClassOptionIsRefused();
  }

  /**
   * {@link CheckerClass#init} with a per-path property the checker cannot know throws {@link
   * IllegalArgumentException} whose message names it.
   */
  @Test
  public void unknownPropertyIsRefused() throws Exception {
    options.unknownPropertyIsRefused();
  }

  /**
   * Copies {@link #pluginJar()} into a plugin directory, runs the lifecycle through a {@link
   * CheckerRegistry} (acquire, init a {@link PathChecker}, check, close it, close the handle), closes the
   * registry, awaits {@link CheckerRegistry#whenUnloadsReleased()}, and asserts the plugin's class loader is
   * collected; if it is not, the failure names what holds it. The jar's manifest must name the SPI version
   * ({@link CheckerProvider#SPI_VERSION_ATTRIBUTE}), as {@link PluginJars} writes it.
   */
  @Test
  public void pluginClassLoaderIsCollectedAfterUnload() throws Exception {
    isolation.pluginClassLoaderIsCollectedAfterUnload();
  }

  /** Each scenario through a registry, as a host checks: answers and unload are bounded by the framework. */
  @TestFactory
  public List<DynamicTest> unhealthyDevicesThroughTheFramework() {
    return unhealthyDevices.unhealthyDevicesThroughTheFramework();
  }

  /**
   * Each scenario on the class directly in asynchronous mode, for an asynchronous-capable class: {@code
   * check()} and {@code pending()} return at once, and a hung read is answered within the timeout.
   */
  @TestFactory
  public List<DynamicTest> unhealthyDevicesAsynchronously() {
    return unhealthyDevices.unhealthyDevicesAsynchronously();
  }
}
