package io.github.pathcheck.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerInitException;
import io.github.pathcheck.api.CheckerMessages;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.api.UnloadResult;
import io.github.pathcheck.loader.CheckerDescriptor;
import io.github.pathcheck.loader.CheckerHandle;
import io.github.pathcheck.loader.CheckerRegistry;
import io.github.pathcheck.loader.PathChecker;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import java.io.IOException;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
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
 * <p><b>Timing.</b> No contract asserts how long anything took. The kit waits for answers (polling {@link
 * Checker#pending()}, awaiting {@link UnloadResult#released()}) at most the checker timeout plus {@link
 * #MARGIN}, and fails with a message saying what never arrived.
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

  private static final int THREADS = 8;
  private static final int CHECKS_PER_THREAD = 20;
  private static final int LEAK_TEST_CHECKERS = 3;
  private static final int GC_ATTEMPTS = 20;
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final int CHURN_ROUNDS = 200;
  /**
   * Rounds of init and free of a batch of checkers without checks, so that a class's shared maps grow, shrink and
   * change as fast as they can: lost updates need many of them on two cores.
   */
  private static final int STORM_ROUNDS = 5000;
  private static final int STORM_BATCH = 8;
  private static final long RESET_PACE_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
  private static final int FD_GROWTH_CHECKS = 40;

  /** A class option and per-path property no checker knows. */
  static final String UNKNOWN_KEY = "pathcheck-kit-unknown-key";

  private static final String NEVER_NULL =
      " (rule: check() and pending() always answer a CheckResult; fix: answer CheckResult.UNCHECKED, or down with"
          + " a message, for an answer the checker cannot classify)";

  private static final String RACE_RULE =
      " (rule: a checker class is called from many threads at once: init, check and free of different checkers"
          + " and reset; fix: guard the class's shared state (live set, caches, counters, static maps) with one"
          + " lock, or use ConcurrentHashMap and AtomicInteger, or extend AbstractCheckerClass, which keeps the"
          + " live set)";

  @TempDir(factory = TargetTempDirFactory.class)
  Path scratchDirectory;

  /** What to release after each test, newest first: checkers, then devices, then classes. */
  private final List<AutoCloseable> cleanup = Collections.synchronizedList(new ArrayList<>());

  /** The hanging devices of the test, released before anything is closed so that stuck calls return. */
  private final List<HangingDevice> hanging = Collections.synchronizedList(new ArrayList<>());

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
   * API), for {@link #pluginClassLoaderIsCollectedAfterUnload()}; empty skips that contract. Default: empty.
   */
  protected Optional<Path> pluginJar() {
    return Optional.empty();
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
    String name = provider().name();
    if (needsRoot()) {
      PrivilegedTests.assumeRoot("run the " + name + " checker, which declares it needs root");
    }
    if (needsBlockDevice()) {
      PrivilegedTests.assumeRoot(
          "attach loop devices for the " + name + " checker, which declares it needs a block device");
    }
  }

  /**
   * Releases the hanging devices' reads, then closes what the test made, newest first, each close bounded by
   * the checker timeout plus {@link #MARGIN}: a close that never returns is reported with a thread dump and
   * left behind, and the next one is closed all the same, so devices are detached also after a deadlock.
   */
  @AfterEach
  void releaseEverything() throws Exception {
    List<AutoCloseable> toRelease;
    synchronized (cleanup) {
      toRelease = new ArrayList<>(cleanup);
      cleanup.clear();
    }
    List<HangingDevice> toUnblock;
    synchronized (hanging) {
      toUnblock = new ArrayList<>(hanging);
      hanging.clear();
    }
    List<AutoCloseable> bounded = new ArrayList<>();
    for (HangingDevice device : toUnblock) {
      bounded.add(device::release);
    }
    Collections.reverse(bounded); // inReverse closes them first
    List<AutoCloseable> all = new ArrayList<>();
    for (AutoCloseable resource : toRelease) {
      all.add(() -> closeWithin(resource));
    }
    all.addAll(bounded);
    Closing.inReverse(all, Exception.class);
  }

  private void closeWithin(AutoCloseable resource) throws Exception {
    Duration bound = checkerOptions().timeout().plus(MARGIN);
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread closer =
        new Thread(
            () -> {
              try {
                resource.close();
              } catch (Exception e) {
                failure.set(e);
              }
            },
            "pathcheck-kit-release");
    closer.setDaemon(true);
    closer.start();
    closer.join(bound.toMillis());
    if (closer.isAlive()) {
      throw new TimeoutException(
          "releasing what a test of the "
              + checkerName()
              + " checker made did not return within "
              + bound.toSeconds()
              + " s; it is left behind and the kit releases the rest. Every thread, with the lock it waits"
              + " for and its owner:\n"
              + ThreadDump.ofAllThreads());
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // The contracts

  // Lifecycle: Load, init, check, pending, free, reset, unload; and what unload does to what is left.

  /** Runs every step of the lifecycle once, in the order a host drives it. */
  @Test
  public void fullLifecycle() throws Exception {
    CheckerClass checkerClass = load();
    assertThat(checkerClass.name())
        .as("CheckerClass.name() must equal its provider's name() (fix: give the class the provider's name)")
        .isEqualTo(provider().name());
    Checker checker = init(checkerClass, checkerOptions());
    CheckResult answer = resolve(checker);
    assertThat(answer.state()).as("the state of a healthy test device (%s)", answer).isEqualTo(expectedState());
    assertThat(checker.needWait()).as("needWait() with no check in flight").isFalse();
    checker.free();
    checkerClass.reset();
    awaitReleased(unload(checkerClass));
  }

  /** The class declares the capabilities the test says it has. */
  @Test
  public void declaresItsCapabilities() {
    CheckerClass checkerClass = load();
    assertThat(checkerClass.isAsyncCapable())
        .as(
            "CheckerClass.isAsyncCapable() of %s; the kit was told %s: override isAsyncCapable() in the"
                + " contract test to match the class",
            checkerClass.name(), isAsyncCapable())
        .isEqualTo(isAsyncCapable());
  }

  /** After unload, init throws {@link IllegalStateException}; a second unload returns the first result. */
  @Test
  public void initAfterUnloadThrowsAndUnloadIsIdempotent() throws Exception {
    CheckerClass checkerClass = load();
    TestDevice device = device();
    UnloadResult first = unload(checkerClass);
    awaitReleased(first);
    assertThatIllegalStateException()
        .as("init() after unload() must throw IllegalStateException (rule: every call after unload throws"
            + " IllegalStateException; fix: set an unloaded flag in unload() and check it at the start of init()"
            + " and reset(), or extend AbstractCheckerClass)")
        .isThrownBy(() -> checkerClass.init(device, checkerOptions()));
    assertThat(checkerClass.unload()).as("a second unload() returns the first's result").isSameAs(first);
  }

  /** Unload after every checker was freed releases everything. */
  @Test
  public void unloadAfterAllFrees() throws Exception {
    CheckerClass checkerClass = load();
    List<Checker> checkers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      checkers.add(init(checkerClass, checkerOptions()));
    }
    for (Checker checker : checkers) {
      assertThat(resolve(checker).state()).isEqualTo(expectedState());
    }
    checkers.forEach(Checker::free);
    awaitReleased(unload(checkerClass));
  }

  /** Unload frees the checkers still live: their calls throw, their free does not. */
  @Test
  public void unloadFreesLiveCheckers() throws Exception {
    CheckerClass checkerClass = load();
    Checker checker = init(checkerClass, checkerOptions());
    resolve(checker);
    awaitReleased(unload(checkerClass));
    assertThatIllegalStateException()
        .as("check() on a checker whose class was unloaded must throw IllegalStateException (rule: unload()"
            + " frees every live checker; fix: keep the live checkers in a set, free each in unload(), or extend"
            + " AbstractCheckerClass)")
        .isThrownBy(checker::check);
    assertThatCode(checker::free)
        .as("free() on a checker whose class was unloaded")
        .doesNotThrowAnyException();
  }

  // AfterFree: Free is idempotent; every other call after it throws IllegalStateException.

  /** free() and free() again do not throw. */
  @Test
  public void freeTwice() throws Exception {
    Checker checker = init(load(), checkerOptions());
    resolve(checker);
    checker.free();
    assertThatCode(checker::free)
        .as("a second free() (rule: free() is idempotent: a second free does nothing; fix: return at once when the"
            + " checker was freed already, or extend AbstractChecker)")
        .doesNotThrowAnyException();
  }

  /** check, pending and needWait throw after free. */
  @Test
  public void everyCallAfterFreeThrows() throws Exception {
    Checker checker = init(load(), checkerOptions());
    resolve(checker);
    checker.free();
    assertThatIllegalStateException()
        .as("check() after free() must throw IllegalStateException"
            + " (rule: every call but free() after free throws IllegalStateException; fix: set a freed flag in free()"
            + " and check it at the start of check(), pending() and needWait(), or extend AbstractChecker)")
        .isThrownBy(checker::check);
    assertThatIllegalStateException()
        .as("pending() after free() must throw IllegalStateException"
            + " (rule: every call but free() after free throws IllegalStateException; fix: set a freed flag in free()"
            + " and check it at the start of check(), pending() and needWait(), or extend AbstractChecker)")
        .isThrownBy(checker::pending);
    assertThatIllegalStateException()
        .as("needWait() after free() must throw IllegalStateException"
            + " (rule: every call but free() after free throws IllegalStateException; fix: set a freed flag in free()"
            + " and check it at the start of check(), pending() and needWait(), or extend AbstractChecker)")
        .isThrownBy(checker::needWait);
  }

  // Reset: CheckerClass#reset() keeps live checkers working and the class usable.

  /** check, reset, check. */
  @Test
  public void resetBetweenChecks() throws Exception {
    CheckerClass checkerClass = load();
    Checker checker = init(checkerClass, checkerOptions());
    assertThat(resolve(checker).state()).isEqualTo(expectedState());
    checkerClass.reset();
    assertThat(resolve(checker).state()).as("a check after reset()").isEqualTo(expectedState());
  }

  /** check, free, reset, init, check. */
  @Test
  public void freeResetInitCheck() throws Exception {
    CheckerClass checkerClass = load();
    Checker first = init(checkerClass, checkerOptions());
    assertThat(resolve(first).state()).isEqualTo(expectedState());
    first.free();
    checkerClass.reset();
    Checker second = init(checkerClass, checkerOptions());
    assertThat(resolve(second).state()).as("a new checker's check after reset()").isEqualTo(expectedState());
  }

  // StatesAndMessages: Answers are never null, and a final answer's message is empty or a fragment that starts
  // with a space; a device with no descriptor is answered CheckResult#NO_USABLE_FD.

  /**
   * In every mode, every answer of {@code check()} and {@code pending()} is a result, not null, and every final
   * one has a message that is empty or starts with a space (it follows the checker's name when printed).
   */
  @Test
  public void neverNull() throws Exception {
    CheckerClass checkerClass = load();
    for (CheckMode mode : CheckMode.values()) {
      Checker checker = init(checkerClass, checkerOptions().withMode(mode));
      for (int i = 0; i < 3; i++) {
        CheckResult answer = resolve(checker);
        assertThat(answer.state()).as("the state of check %d (%s)", i, mode).isNotNull();
        assertThat(answer.message()).as("the message of check %d (%s)", i, mode).isNotNull();
      }
      checker.free();
    }
  }

  /**
   * A device whose {@code fd()} is -1 is answered {@link CheckResult#NO_USABLE_FD}: {@link PathState#WILD}
   * with {@link CheckerMessages#NO_USABLE_FD}. Refusing it in init with a {@link CheckerInitException} is
   * allowed too.
   */
  @Test
  public void deviceWithoutFdIsWild() throws Exception {
    CheckerClass checkerClass = load();
    Path path = device().path();
    PathDevice closed = new NoFdDevice(path);
    Checker checker;
    try {
      checker = checkerClass.init(closed, checkerOptions());
    } catch (CheckerInitException e) {
      assertThat(e.getMessage()).as("the message of init's CheckerInitException").isNotNull();
      return;
    }
    track(checker::free);
    assertThat(checker).as("init() result").isNotNull();
    assertThat(resolve(checker))
        .as("the answer for a device with fd -1: state wild, message \"%s\" (rule: a device without a descriptor"
            + " is answered CheckResult.NO_USABLE_FD; fix: answer it when device.fd() < 0 before anything else, or"
            + " extend AbstractChecker, which does)", CheckerMessages.NO_USABLE_FD)
        .isEqualTo(CheckResult.NO_USABLE_FD);
  }

  // AsyncProtocol: The asynchronous protocol: pending answers resolve; synchronous checks never pend.

  /**
   * In asynchronous mode, an async-capable checker's {@link PathState#PENDING} resolves through {@code
   * pending()} within the timeout plus {@link #MARGIN}; other checkers never answer pending at all.
   */
  @Test
  public void pendingResolvesWithinTheTimeout() throws Exception {
    CheckerClass checkerClass = load();
    Checker checker = init(checkerClass, checkerOptions().withMode(CheckMode.ASYNC));
    for (int round = 0; round < 3; round++) {
      CheckResult first = checker.check();
      assertThat(first).as("check() in ASYNC mode").isNotNull();
      if (!checkerClass.isAsyncCapable()) {
        assertThat(first.state())
            .as("check() of a class that is not async-capable, asked for ASYNC mode")
            .isNotEqualTo(PathState.PENDING);
      }
      CheckResult answer = awaitFinal(checker, first);
      assertThat(answer.state())
          .as("the resolved state, round %d (%s)", round, answer)
          .isEqualTo(expectedState());
      assertThat(checker.needWait()).as("needWait() once the answer is in").isFalse();
    }
  }

  /**
   * A class that {@linkplain CheckerClass#awaitAnswers awaits its answers} (it returns {@code true}) leaves
   * none pending: given the checker timeout plus {@link #MARGIN} to wait in, the next {@code pending()} is
   * final. A class that cannot tell returns {@code false} (the default), and polling resolves the check as
   * usual. After unload, the call returns without throwing.
   */
  @Test
  public void awaitAnswersLeavesNoAnswerPendingWhenItWaited() throws Exception {
    CheckerClass checkerClass = load();
    Checker checker = init(checkerClass, checkerOptions().withMode(CheckMode.ASYNC));
    for (int round = 0; round < 3; round++) {
      CheckResult first = checker.check();
      assertThat(first).as("check() in ASYNC mode").isNotNull();
      if (!first.isPending()) {
        assertThat(first.state()).as("check(), round %d", round).isEqualTo(expectedState());
        continue;
      }
      Duration wait = checkerOptions().timeout().plus(MARGIN);
      if (!checkerClass.awaitAnswers(wait)) {
        break; // it cannot tell: polling resolves the check, as pendingResolvesWithinTheTimeout proves
      }
      CheckResult answer = checker.pending();
      assertThat(answer).as("pending() after awaitAnswers(%s) returned true, round %d", wait, round).isNotNull();
      assertThat(answer.state())
          .as("pending() after awaitAnswers(%s) returned true, round %d", wait, round)
          .isEqualTo(expectedState());
    }
    checker.free();
    checkerClass.unload();
    // After unload there is nothing to wait for: an hour's wait must return at once (within the margin).
    assertTimeoutPreemptively(
        MARGIN,
        () -> checkerClass.awaitAnswers(Duration.ofHours(1)),
        "awaitAnswers() after unload() must return at once");
  }

  /** In synchronous mode check() answers a final state at once. */
  @Test
  public void syncModeNeverAnswersPending() throws Exception {
    Checker checker = init(load(), checkerOptions().withMode(CheckMode.SYNC));
    for (int round = 0; round < 3; round++) {
      CheckResult answer = checker.check();
      assertThat(answer).as("check() in SYNC mode, round %d", round).isNotNull();
      assertThat(answer.state()).as("check() in SYNC mode, round %d", round).isEqualTo(expectedState());
      assertFinalMessage(answer, "check() in SYNC mode");
      assertThat(checker.needWait())
          .as("needWait() after a final answer in SYNC mode, round %d: no check is in flight (rule: needWait() is"
              + " true only for a check started and not looked at since; fix: clear the flag when a check"
              + " answers, whatever the mode)", round)
          .isFalse();
    }
  }

  // Concurrency: Many threads, each checking its own checker of one class, at once.

  /** Each thread inits, checks and frees its own checker; every answer is final and the expected one. */
  @Test
  public void manyThreadsCheckDistinctCheckers() throws Exception {
    CheckerClass checkerClass = load();
    List<TestDevice> devices = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      devices.add(device());
    }
    CyclicBarrier start = new CyclicBarrier(THREADS);
    CountDownLatch done = new CountDownLatch(THREADS);
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    Queue<String> wrongStates = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      TestDevice device = devices.get(i);
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                  Checker checker = checkerClass.init(device, checkerOptions());
                  try {
                    for (int c = 0; c < CHECKS_PER_THREAD; c++) {
                      CheckResult answer = resolve(checker);
                      if (answer.state() != expectedState()) {
                        wrongStates.add(Thread.currentThread().getName() + " check " + c + ": " + answer);
                      }
                    }
                  } finally {
                    checker.free();
                  }
                } catch (Throwable t) {
                  failures.add(t);
                } finally {
                  done.countDown();
                }
              },
              "pathcheck-kit-checker-" + i);
      thread.setDaemon(true);
      threads.add(thread);
    }
    threads.forEach(Thread::start);
    Duration bound = checkerOptions().timeout().plus(MARGIN).multipliedBy(2);
    if (!done.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
      fail(
          "threads checking distinct checkers did not finish within "
              + bound.toSeconds()
              + " s; still running:\n"
              + threads.stream()
                  .filter(Thread::isAlive)
                  .map(CheckerContractKit::describe)
                  .collect(Collectors.joining("\n")));
    }
    if (!failures.isEmpty()) {
      AssertionError error =
          new AssertionError(
              failures.size() + " of " + THREADS + " threads failed; the first: " + failures.peek(),
              failures.peek());
      failures.stream().skip(1).forEach(error::addSuppressed);
      throw error;
    }
    assertThat(wrongStates).as("answers other than %s", expectedState()).isEmpty();
    awaitReleased(unload(checkerClass));
  }

  // Resources: After unload has released everything, nothing of the checker is left in the process.

  /**
   * Compares file descriptors, threads and aio contexts before load and after {@link
   * UnloadResult#released()}; see {@link ResourceSnapshot}.
   */
  @Test
  public void unloadLeavesNoFdsThreadsOrAioContexts() throws Exception {
    // A first round loads what the JVM and the host initialise lazily (classes, JNA, cleaners).
    CheckerClass warmUp = load();
    Checker warmUpChecker = init(warmUp, checkerOptions());
    resolve(warmUpChecker);
    warmUpChecker.free();
    awaitReleased(unload(warmUp));

    List<TestDevice> devices = new ArrayList<>();
    for (int i = 0; i < LEAK_TEST_CHECKERS; i++) {
      devices.add(device());
    }
    ResourceSnapshot before = ResourceSnapshot.take();
    CheckerClass checkerClass = load();
    List<Checker> checkers = new ArrayList<>();
    for (TestDevice device : devices) {
      Checker checker = checkerClass.init(device, checkerOptions());
      track(checker::free);
      checkers.add(checker);
    }
    for (Checker checker : checkers) {
      resolve(checker);
      resolve(checker);
    }
    checkers.forEach(Checker::free);
    checkerClass.reset();
    awaitReleased(unload(checkerClass));

    // Released resources may take a moment to be gone (a thread ends after it signalled its release).
    List<String> leaks = ResourceSnapshot.leaksSince(before, MARGIN);
    if (!leaks.isEmpty()) {
      fail(
          "after free, unload and UnloadResult.released(), the "
              + provider().name()
              + " checker left behind (rule: unload releases everything the class made; fix: close what a"
              + " check opens before its answer, stop the class's threads and close its aio contexts in"
              + " onUnload(), and complete released() only when they are gone):\n  - "
              + String.join("\n  - ", leaks));
    }
  }

  // StatedRules: The rules the SPI's Javadoc states beyond the lifecycle: unknown class options and per-path
  // properties are refused with IllegalArgumentException naming them; a freed checker is no longer held by its
  // class; an asynchronous checker starts no second read while one is in flight; checks leave no descriptor
  // open; a message belongs to the answer it came with.

  /**
   * {@link CheckerProvider#load} with a class option the class cannot know throws {@link
   * IllegalArgumentException} whose message names it.
   */
  @Test
  public void unknownClassOptionIsRefused() {
    Map<String, String> options = new LinkedHashMap<>(classOptions());
    options.put(UNKNOWN_KEY, "1");
    String rule =
        " (rule: CheckerProvider.load() throws IllegalArgumentException naming a class option it does not know;"
            + " fix: extend AbstractCheckerClass and pass it the option names the class knows, or compare"
            + " classOptions.keySet() with them at the start of load())";
    CheckerClass accepted;
    try {
      accepted = provider().load(options);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage())
          .as("the message of load()'s IllegalArgumentException for the unknown class option " + UNKNOWN_KEY + rule)
          .contains(UNKNOWN_KEY);
      return;
    } catch (RuntimeException e) {
      throw new AssertionError(
          "CheckerProvider.load() threw " + e + " for the unknown class option " + UNKNOWN_KEY + rule, e);
    }
    if (accepted != null) {
      track(accepted::unload);
    }
    fail("CheckerProvider.load() of the " + checkerName() + " checker accepted the unknown class option "
        + UNKNOWN_KEY + rule);
  }

  /**
   * {@link CheckerClass#init} with a per-path property the checker cannot know throws {@link
   * IllegalArgumentException} whose message names it.
   */
  @Test
  public void unknownPropertyIsRefused() throws Exception {
    CheckerClass checkerClass = load();
    TestDevice device = device();
    String rule =
        " (rule: CheckerClass.init() throws IllegalArgumentException naming a per-path property it does not"
            + " know; fix: call options.requireNoProperties(name, device) in newChecker() or init() when the"
            + " checker takes none, or compare options.properties().keySet() with the names it knows)";
    Checker accepted;
    try {
      accepted = checkerClass.init(device, checkerOptions().withProperty(UNKNOWN_KEY, "1"));
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage())
          .as("the message of init()'s IllegalArgumentException for the unknown property " + UNKNOWN_KEY + rule)
          .contains(UNKNOWN_KEY);
      return;
    } catch (RuntimeException e) {
      throw new AssertionError(
          "CheckerClass.init() threw " + e + " for the unknown property " + UNKNOWN_KEY + rule, e);
    }
    if (accepted != null) {
      track(accepted::free);
    }
    fail("CheckerClass.init() of the " + checkerName() + " checker accepted the unknown per-path property "
        + UNKNOWN_KEY + rule);
  }

  /**
   * Once freed, a checker is not reachable from its class, which is still loaded: after {@code free()} and
   * garbage collections, the checker object is collected.
   */
  @Test
  public void aFreedCheckerIsNotHeldByItsClass() throws Exception {
    CheckerClass checkerClass = load();
    TestDevice device = device();
    ReferenceQueue<Checker> queue = new ReferenceQueue<>();
    WeakReference<Checker> freed = checkAndFree(checkerClass, device, queue);
    for (int attempt = 0; attempt < GC_ATTEMPTS && !freed.refersTo(null); attempt++) {
      System.gc();
      queue.remove(100);
    }
    if (!freed.refersTo(null)) {
      fail("a freed checker of the " + checkerName() + " checker is still reachable after " + GC_ATTEMPTS
          + " garbage collections while its class is loaded (rule: free() releases everything the class holds"
          + " for the checker, or a host that inits and frees checkers as paths come and go grows without"
          + " bound; fix: remove the checker from the class's live set and maps in free(), or extend"
          + " AbstractCheckerClass and AbstractChecker)");
    }
  }

  /**
   * On a device that hangs, an asynchronous-capable checker's {@code check()} and {@code pending()} while its
   * check is in flight start no further read of the device: the device receives no more reads than one check
   * makes on it when it answers. It runs on the kit's hanging device whatever {@link #deviceScenarios()}
   * returns. Skipped for a class that is not asynchronous-capable; where the machine cannot make a hanging
   * device, skipped with a message saying what is missing, or failed under {@code
   * PATHCHECK_REQUIRE_PRIVILEGED_TESTS=1} unless {@link #deviceScenarios()} leaves the hanging device out (as a
   * contract on a machine without FUSE does).
   */
  @Test
  public void oneReadInFlightPerChecker() throws Exception {
    Assumptions.assumeTrue(
        isAsyncCapable(), "the class is not asynchronous-capable: the framework runs one check at a time");
    if (deviceScenarios().stream().noneMatch(DeviceScenario::hangs)) {
      Optional<String> missing = HangingDevice.unavailableReason();
      Assumptions.assumeTrue(
          missing.isEmpty(),
          () -> "deviceScenarios() leaves out the hanging device, on which the kit counts reads, and this"
              + " machine cannot make one: it needs "
              + missing.orElse("")
              + "; run the contract where it can to prove one read in flight per checker");
    }
    DeviceScenario scenario = DeviceScenario.hangingDevice();
    TestDevice device = scenarioDevice(scenario);
    HangingDevice hangs = ((DeviceScenario.HangingTestDevice) device).hanging();
    hangs.release();
    CheckerClass checkerClass = load();
    Checker checker = init(checkerClass, device, checkerOptions().withMode(CheckMode.ASYNC));
    resolve(checker); // what a first check sets up once
    long beforeOne = hangs.reads();
    resolve(checker);
    long oneCheck = hangs.reads() - beforeOne;
    Assumptions.assumeTrue(
        oneCheck > 0,
        "a check of the " + checkerName() + " checker does not read " + scenario.name()
            + ": the kit cannot count its reads");
    hangs.hang();
    long beforeStuck = hangs.reads();
    Calls calls = new Calls(scenario);
    int calledWhileInFlight = 0;
    try {
      CheckResult first = calls.within("check()", checker::check);
      assertThat(first).as("check() on %s must answer a result, not null", scenario.name()).isNotNull();
      Assumptions.assumeTrue(
          first.isPending(),
          "check() answered " + first + " at once on " + scenario.name() + ": no read was left in flight");
      for (int i = 0; i < 3; i++) {
        calls.within("check() while a check is in flight", checker::check);
        calls.within("pending() while a check is in flight", checker::pending);
        calledWhileInFlight++;
      }
    } finally {
      calls.close();
      hangs.release();
    }
    awaitFinal(checker, CheckResult.PENDING);
    checker.free();
    awaitReleased(unload(checkerClass)); // every read it started has returned, so the device received it
    long reads = hangs.reads() - beforeStuck;
    if (reads > oneCheck) {
      fail("the " + checkerName() + " checker read " + scenario.name() + " " + reads + " times for one check"
          + " and " + calledWhileInFlight + " calls of check() and pending() while that check's read was in"
          + " flight; a check reads it " + oneCheck + " time(s) (rule: one read in flight per checker: while a"
          + " check is in flight, check() answers for it and starts nothing; fix: keep the check in flight in"
          + " the checker and, in probe() or check(), answer pending while it runs)");
    }
  }

  /**
   * Many checks of one checker open no descriptor that stays open: counted before any free, unload or garbage
   * collection, so a descriptor that only a collection would close counts as left open.
   */
  @Test
  public void checksLeaveNoDescriptorOpen() throws Exception {
    CheckerClass checkerClass = load();
    Checker checker = init(checkerClass, checkerOptions());
    resolve(checker);
    resolve(checker);
    Map<Integer, String> before = ResourceSnapshot.take().openFds();
    for (int i = 0; i < FD_GROWTH_CHECKS; i++) {
      resolve(checker);
    }
    Map<Integer, String> after = ResourceSnapshot.take().openFds();
    List<String> opened =
        after.entrySet().stream()
            .filter(e -> !e.getValue().equals(before.get(e.getKey())))
            .map(e -> e.getKey() + " -> " + e.getValue())
            .collect(Collectors.toList());
    if (opened.size() >= FD_GROWTH_CHECKS / 2) {
      fail(FD_GROWTH_CHECKS + " checks of one " + checkerName() + " checker left " + opened.size()
          + " more descriptors open, counted before any free, unload or garbage collection (rule: what a"
          + " check opens it closes before its answer; fix: close the channel or stream in a finally block or"
          + " try-with-resources in the probe, not through a Cleaner or finalizer): "
          + opened.stream().limit(10).collect(Collectors.joining(", ")));
    }
  }

  /**
   * A message belongs to the answer it came with: one checker checks a scratch file, the file cut to nothing,
   * and the file written back; answers of different states carry different messages (or none), and the last
   * answer is the first one's state again. Runs with the kit's truncated file among {@link #deviceScenarios()},
   * for a checker that does not need a block device; none otherwise.
   */
  @TestFactory
  public List<DynamicTest> aMessageBelongsToItsAnswer() {
    if (needsBlockDevice() || deviceScenarios().stream().noneMatch(DeviceScenario::isKitsTruncatedFile)) {
      return List.of();
    }
    return List.of(DynamicTest.dynamicTest("a file cut and written back", this::cutAndWrittenBack));
  }

  private void cutAndWrittenBack() throws Exception {
    ScratchDisk disk = ScratchDisk.create(scratchDirectory, 1 << 20);
    track(disk);
    LinuxPathDevice device = LinuxPathDevice.open(disk.path());
    track(device);
    byte[] content = Files.readAllBytes(disk.path());
    Checker checker = init(load(), device, checkerOptions());
    Map<String, CheckResult> answers = new LinkedHashMap<>();
    answers.put("the file", resolve(checker));
    try (FileChannel file = FileChannel.open(disk.path(), StandardOpenOption.WRITE)) {
      file.truncate(0);
    }
    answers.put("the file cut to nothing", resolve(checker));
    try (FileChannel file = FileChannel.open(disk.path(), StandardOpenOption.WRITE)) {
      file.write(ByteBuffer.wrap(content), 0);
    }
    answers.put("the file written back", resolve(checker));
    List<String> names = new ArrayList<>(answers.keySet());
    for (int i = 0; i < names.size(); i++) {
      for (int j = i + 1; j < names.size(); j++) {
        CheckResult a = answers.get(names.get(i));
        CheckResult b = answers.get(names.get(j));
        if (a.state() != b.state() && !a.message().isEmpty() && a.message().equals(b.message())) {
          fail("the " + checkerName() + " checker answered " + a + " for " + names.get(i) + " and " + b + " for "
              + names.get(j) + ": two states with one message (rule: a message belongs to the answer it came"
              + " with; fix: build each answer's message with its state, as one CheckResult constant per"
              + " answer, and keep no message field across checks); all answers: " + answers);
        }
      }
    }
    assertThat(answers.get("the file written back").state())
        .as("the answer once the file was written back, after %s (a checker answers for the device as it is now,"
            + " not as it was)", answers)
        .isEqualTo(answers.get("the file").state());
  }

  private WeakReference<Checker> checkAndFree(
      CheckerClass checkerClass, PathDevice device, ReferenceQueue<Checker> queue) throws Exception {
    Checker checker = checkerClass.init(device, checkerOptions());
    assertThat(checker).as("CheckerClass.init() result").isNotNull();
    try {
      resolve(checker);
    } finally {
      checker.free();
    }
    return new WeakReference<>(checker, queue);
  }

  // Races: Many threads churning checkers of one class while another resets it: shared state that is not
  // thread-safe shows as calls that throw, wrong answers, freed or live checkers the class lost track of, or a
  // release that never completes.

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
    CheckerClass checkerClass = load();
    List<TestDevice> devices = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      devices.add(device());
    }
    Duration bound = checkerOptions().timeout().plus(MARGIN).multipliedBy(2);
    CyclicBarrier round = new CyclicBarrier(THREADS);
    CountDownLatch done = new CountDownLatch(THREADS);
    AtomicBoolean churning = new AtomicBoolean(true);
    Queue<String> failures = new ConcurrentLinkedQueue<>();
    Queue<Throwable> causes = new ConcurrentLinkedQueue<>();
    List<Checker> survivors = Collections.synchronizedList(new ArrayList<>());
    Queue<WeakReference<Checker>> freed = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      TestDevice device = devices.get(i);
      Thread thread =
          new Thread(
              () -> {
                String call = "start";
                try {
                  call = "storm barrier";
                  CheckerOptions options = checkerOptions();
                  List<Checker> held = new ArrayList<>(STORM_BATCH);
                  List<WeakReference<Checker>> stormed = new ArrayList<>(STORM_ROUNDS * STORM_BATCH);
                  round.await(bound.toMillis(), TimeUnit.MILLISECONDS);
                  try {
                    long stormEnd = System.nanoTime() + options.timeout().toNanos(); // slow inits churn less
                    for (int s = 0; s < STORM_ROUNDS && System.nanoTime() - stormEnd < 0; s++) {
                      call = "storm round " + s + " init()";
                      for (int k = 0; k < STORM_BATCH; k++) {
                        held.add(checkerClass.init(device, options));
                      }
                      call = "storm round " + s + " free()";
                      for (Checker checker : held) {
                        checker.free();
                        stormed.add(new WeakReference<>(checker));
                      }
                      held.clear();
                    }
                  } finally {
                    held.forEach(Checker::free);
                    freed.addAll(stormed);
                  }
                  for (int r = 0; r < CHURN_ROUNDS; r++) {
                    call = "round " + r + " barrier";
                    round.await(bound.toMillis(), TimeUnit.MILLISECONDS);
                    CheckMode mode = r % 2 == 0 ? CheckMode.SYNC : CheckMode.ASYNC; // sync rounds are short
                    call = "round " + r + " init(" + mode + ")";
                    Checker checker = checkerClass.init(device, checkerOptions().withMode(mode));
                    try {
                      call = "round " + r + " check()/pending()";
                      CheckResult answer = resolve(checker);
                      if (answer.state() != expectedState()) {
                        failures.add(Thread.currentThread().getName() + " " + call + " answered " + answer);
                      }
                    } finally {
                      call = "round " + r + " free()";
                      checker.free();
                      freed.add(new WeakReference<>(checker));
                    }
                  }
                  call = "init() of the checker left live";
                  Checker live = checkerClass.init(device, checkerOptions());
                  track(live::free);
                  survivors.add(live);
                } catch (Throwable t) {
                  failures.add(Thread.currentThread().getName() + " " + call + " threw " + t);
                  causes.add(t);
                  round.reset(); // the others fail their next round instead of waiting for this thread
                } finally {
                  done.countDown();
                }
              },
              "pathcheck-kit-churn-" + i);
      thread.setDaemon(true);
      threads.add(thread);
    }
    Thread resetter =
        new Thread(
            () -> {
              try {
                while (churning.get()) {
                  checkerClass.reset();
                  LockSupport.parkNanos(RESET_PACE_NANOS); // paces the resets; the churn does not wait for it
                }
              } catch (Throwable t) {
                failures.add("reset() threw " + t);
                causes.add(t);
              }
            },
            "pathcheck-kit-reset");
    resetter.setDaemon(true);
    threads.forEach(Thread::start);
    resetter.start();
    boolean finished;
    try {
      finished = done.await(bound.toMillis() * 2, TimeUnit.MILLISECONDS);
    } finally {
      churning.set(false);
    }
    resetter.join(bound.toMillis());
    if (!finished) {
      fail("threads churning checkers of the " + checkerName() + " checker did not finish within "
          + bound.toSeconds() * 2 + " s" + RACE_RULE + "; every thread:\n" + ThreadDump.ofAllThreads());
    }
    long held = stillReachable(freed);
    if (held > 0) {
      failures.add(held + " of " + freed.size() + " checkers freed during the churn are still reachable after "
          + GC_ATTEMPTS + " garbage collections while the class is loaded: the class lost track of their free"
          + " (a live set or map changed by many threads at once loses removals)");
    }
    try {
      awaitReleased(unload(checkerClass));
    } catch (RuntimeException e) {
      failures.add("unload() after the churn threw " + e);
      causes.add(e);
    } catch (AssertionError e) {
      failures.add("after the churn, with " + survivors.size() + " checkers live: " + e.getMessage()
          + " (its count of what is live or in flight went wrong)");
    }
    for (Checker live : survivors) {
      try {
        live.check();
        failures.add(
            "a checker live when its class was unloaded still checks: the class lost track of it, or the"
                + " checker does not check that it was freed");
      } catch (IllegalStateException expected) {
        // freed by unload
      } catch (Throwable t) {
        failures.add("check() of a checker live at unload threw " + t + " instead of IllegalStateException");
        causes.add(t);
      }
    }
    if (!failures.isEmpty()) {
      AssertionError error =
          new AssertionError(
              failures.size() + " failures while " + THREADS + " threads init, check and free checkers of one "
                  + checkerName() + " class and another resets it" + RACE_RULE + ":\n  - "
                  + failures.stream().limit(10).collect(Collectors.joining("\n  - ")),
              causes.peek());
      throw error;
    }
  }

  /** Collects garbage until every reference is cleared or the attempts are spent; returns how many are not. */
  private static long stillReachable(Queue<WeakReference<Checker>> references) {
    long held = references.stream().filter(r -> !r.refersTo(null)).count();
    for (int attempt = 0; attempt < GC_ATTEMPTS && held > 0; attempt++) {
      System.gc();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      held = references.stream().filter(r -> !r.refersTo(null)).count();
    }
    return held;
  }

  // Isolation: From a plugin jar: loaded in its own class loader, unloaded, and that loader garbage-collected.

  /**
   * Copies {@link #pluginJar()} into a plugin directory, runs the lifecycle through a {@link
   * CheckerRegistry} (acquire, init a {@link PathChecker}, check, close it, close the handle), closes the
   * registry, awaits {@link CheckerRegistry#whenUnloadsReleased()}, and asserts the plugin's class loader is
   * collected; if it is not, the failure names what holds it. The jar's manifest must name the SPI version
   * ({@link CheckerProvider#SPI_VERSION_ATTRIBUTE}), as {@link PluginJars} writes it.
   */
  @Test
  public void pluginClassLoaderIsCollectedAfterUnload() throws Exception {
    Optional<Path> jar = pluginJar();
    Assumptions.assumeTrue(
        jar.isPresent(), "no plugin jar given: override pluginJar() to run the isolation contract");
    Path pluginDirectory = Files.createDirectories(scratchDirectory.resolve("plugins"));
    Path copy = Files.copy(jar.get(), pluginDirectory.resolve(jar.get().getFileName().toString()));
    Set<String> pluginClasses = classNames(copy);
    ReferenceQueue<ClassLoader> queue = new ReferenceQueue<>();
    PluginRun run = runThroughRegistry(pluginDirectory, pluginClasses, queue);
    for (int attempt = 0; attempt < GC_ATTEMPTS && run.anyReachable(); attempt++) {
      System.gc();
      queue.remove(100);
    }
    ClassLoader survivor = run.firstReachable();
    if (survivor != null) {
      String loaderName = String.valueOf(survivor);
      List<String> holders = ClassLoaderHolders.describe(survivor, pluginClasses);
      survivor = null;
      fail(
          "the plugin's class loader ("
              + loaderName
              + ") is still reachable after its checker was unloaded, the registry closed,"
              + " whenUnloadsReleased() completed and "
              + GC_ATTEMPTS
              + " garbage collections; "
              + (holders.isEmpty()
                  ? "no live thread or JNA cache holds it: take a heap dump (jcmd <pid> GC.heap_dump) and"
                      + " look for the paths to it"
                  : "held by:\n  - " + String.join("\n  - ", holders))
          + "\n(rule: after unload nothing outside the plugin refers to its classes; fix: stop its threads and"
          + " pools in onUnload(), remove its log handlers, shutdown hooks and ThreadLocal values, and call"
          + " native code through checker-native rather than Native.load/Native.register)");
    }
  }

  // UnhealthyDevices: The contracts on unhealthy devices (deviceScenarios()): a truncated file, a
  // device that hangs until the kit releases it, and the author's own. On each, through the framework as a
  // host checks (a registry, a PathChecker, PathChecker#checkAndWait()) and, for an
  // asynchronous-capable class, directly (whose check() and pending() must not wait for the
  // device): answers are never null, never thrown, final within the timeout, and among the scenario's expected
  // ones; an unload with a check in flight returns, every call after it throws, its release completes once the
  // device answers; nothing is left behind.

  /** Each scenario through a registry, as a host checks: answers and unload are bounded by the framework. */
  @TestFactory
  public List<DynamicTest> unhealthyDevicesThroughTheFramework() {
    return deviceScenarios().stream()
        .map(s -> DynamicTest.dynamicTest(s.name(), () -> throughTheFramework(s)))
        .collect(Collectors.toList());
  }

  /**
   * Each scenario on the class directly in asynchronous mode, for an asynchronous-capable class: {@code
   * check()} and {@code pending()} return at once, and a hung read is answered within the timeout.
   */
  @TestFactory
  public List<DynamicTest> unhealthyDevicesAsynchronously() {
    return deviceScenarios().stream()
        .map(s -> DynamicTest.dynamicTest(s.name(), () -> asynchronously(s)))
        .collect(Collectors.toList());
  }

  private void throughTheFramework(DeviceScenario scenario) throws Exception {
    String name = provider().name();
    TestDevice device = scenarioDevice(scenario);
    ResourceSnapshot before = ResourceSnapshot.take();
    CheckerRegistry registry = KitRegistries.of(provider(), classOptions(), scratchDirectory);
    track(registry);
    CheckerHandle handle = registry.acquire(name);
    track(handle);
    PathChecker checker;
    try {
      checker = handle.init(device, checkerOptions());
    } catch (CheckerInitException e) {
      assertThat(e.getMessage())
          .as("the message of init's CheckerInitException on %s", scenario.name())
          .contains(device.path().toString());
      return;
    }
    track(checker);
    for (int round = 0; round < 2; round++) {
      CheckResult answer = checker.checkAndWait();
      assertAnswer(answer, scenario, "PathChecker.checkAndWait(), round " + round);
    }
    // Unload with a check in flight (stuck, on a hanging device): it returns, and everything after it throws.
    checker.check();
    checker.close();
    handle.close();
    registry.close();
    assertThatIllegalStateException()
        .as("PathChecker.check() after its registry was closed (the class unloaded)")
        .isThrownBy(checker::check);
    assertReleasedMeansGone(
        registry.whenUnloadsReleased(), before, scenario, "CheckerRegistry.whenUnloadsReleased()");
    releaseHanging();
    awaitStage(checker.released(), "PathChecker.released() on " + scenario.name() + ", the device released");
    awaitStage(
        registry.whenUnloadsReleased(),
        "CheckerRegistry.whenUnloadsReleased() on " + scenario.name() + ", the device released");
    assertNothingLeft(before, scenario);
  }

  private void asynchronously(DeviceScenario scenario) throws Exception {
    Assumptions.assumeTrue(
        isAsyncCapable(), "the class is not asynchronous-capable: the framework runs its checks on its pool");
    TestDevice device = scenarioDevice(scenario);
    ResourceSnapshot before = ResourceSnapshot.take();
    CheckerClass checkerClass = load();
    Checker checker = init(checkerClass, device, checkerOptions().withMode(CheckMode.ASYNC));
    Calls calls = new Calls(scenario);
    try {
      for (int round = 0; round < 2; round++) {
        CheckResult first = calls.within("check()", checker::check);
        assertThat(first).as("check() on %s must answer a result, not null", scenario.name()).isNotNull();
        Duration bound = checkerOptions().timeout().plus(MARGIN);
        long deadline = System.nanoTime() + bound.toNanos();
        CheckResult answer = first;
        while (answer.isPending()) {
          if (System.nanoTime() - deadline > 0) {
            fail(
                "on "
                    + scenario.name()
                    + " the "
                    + provider().name()
                    + " checker still answered pending "
                    + bound.toSeconds()
                    + " s after check() (rule: an asynchronous check still in flight after the checker timeout"
                    + " is answered down or timeout, not pending forever; fix: compare the time since the"
                    + " check started with options.timeout() in poll() and answer then)");
          }
          LockSupport.parkNanos(POLL_NANOS);
          answer = calls.within("pending()", checker::pending);
          assertThat(answer).as("pending() on %s must answer a result, not null", scenario.name()).isNotNull();
        }
        assertAnswer(answer, scenario, "check()/pending(), round " + round);
      }
      calls.within("check()", checker::check); // in flight, on a hanging device, when the class unloads
      UnloadResult unloaded = calls.within("CheckerClass.unload()", checkerClass::unload);
      assertThat(unloaded).as("CheckerClass.unload() result").isNotNull();
      assertEveryCallThrowsAfterUnload(checkerClass, checker, device);
      assertReleasedMeansGone(unloaded.released(), before, scenario, "UnloadResult.released()");
      releaseHanging();
      awaitReleased(unloaded);
    } finally {
      calls.close();
    }
    assertNothingLeft(before, scenario);
  }

  /**
   * How long a call that must not wait for the device may take: half the checker timeout, at least a second and
   * at most {@link #MARGIN}. A call that takes longer waited for the device.
   */
  private Duration callBound() {
    Duration half = checkerOptions().timeout().dividedBy(2);
    Duration second = Duration.ofSeconds(1);
    return half.compareTo(second) < 0 ? second : half.compareTo(MARGIN) > 0 ? MARGIN : half;
  }

  /** Runs calls into the checker on one thread, each bounded by {@link #callBound()}: none may wait for the device. */
  private final class Calls implements AutoCloseable {
    private final ExecutorService thread;
    private final DeviceScenario scenario;

    Calls(DeviceScenario scenario) {
      this.scenario = scenario;
      this.thread =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "pathcheck-kit-async-calls");
                t.setDaemon(true);
                return t;
              });
    }

    <T> T within(String call, Callable<T> body) throws Exception {
      Future<T> future = thread.submit(body);
      try {
        return future.get(callBound().toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        String dump = ThreadDump.ofAllThreads();
        releaseHanging();
        throw new AssertionError(
            call
                + " of the asynchronous-capable "
                + provider().name()
                + " checker did not return within "
                + callBound().toMillis()
                + " ms (half the checker timeout, at least 1 s and at most the kit's margin) on "
                + scenario.name()
                + " (rule: in ASYNC mode check(), pending(), needWait() and unload() never wait for the device;"
                + " fix: start the read in probe() and collect it in poll(), or declare the class not"
                + " asynchronous-capable so that the framework runs its checks on its pool). Every thread:\n"
                + dump);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException
            && !(cause instanceof IllegalStateException)
            && !(cause instanceof IllegalArgumentException)) {
          throw new AssertionError(
              call + " of the " + provider().name() + " checker threw " + cause + " on " + scenario.name()
                  + " (rule: failures of the path are answers, never exceptions; fix: catch the I/O failure in"
                  + " the probe and answer down with a message)",
              cause);
        }
        if (cause instanceof Exception) {
          throw (Exception) cause;
        }
        throw (Error) cause;
      }
    }

    @Override
    public void close() {
      thread.shutdownNow();
    }
  }

  private TestDevice scenarioDevice(DeviceScenario scenario) throws Exception {
    if (needsBlockDevice()) {
      PrivilegedTests.assumeRoot("attach loop devices for " + scenario.name());
    }
    TestDevice device = scenario.open(scratchDirectory, needsBlockDevice());
    track(device);
    if (device instanceof DeviceScenario.HangingTestDevice) {
      hanging.add(((DeviceScenario.HangingTestDevice) device).hanging());
    }
    return device;
  }

  private void releaseHanging() throws IOException {
    List<HangingDevice> devices;
    synchronized (hanging) {
      devices = new ArrayList<>(hanging);
    }
    for (HangingDevice device : devices) {
      device.release();
    }
  }

  private void assertAnswer(CheckResult answer, DeviceScenario scenario, String call) {
    assertThat(answer).as("%s on %s must answer a result, not null", call, scenario.name()).isNotNull();
    assertThat(answer.isPending())
        .as("%s on %s answered pending: the answer must be final within the timeout", call, scenario.name())
        .isFalse();
    assertFinalMessage(answer, call + " on " + scenario.name());
    if (!scenario.expected().isEmpty()) {
      assertThat(answer.state())
          .as("%s on %s answered %s; expected one of %s", call, scenario.name(), answer, scenario.expected())
          .isIn(scenario.expected());
    }
    assertThat(answer.message())
        .as(
            "the answer %s of %s on %s names an exception: the checker threw (rule: failures of the path are"
                + " answers, never exceptions; fix: catch the I/O failure in the probe and answer down)",
            answer, call, scenario.name())
        .doesNotContain("Exception");
  }

  /**
   * While a hanging device still holds the reads: a release that says it is complete must have left nothing
   * behind but the kit's own threads. A release that waits for the reads is checked once the device answers.
   */
  private void assertReleasedMeansGone(
      CompletionStage<Void> released, ResourceSnapshot before, DeviceScenario scenario, String what) {
    if (!scenario.hangs() || !released.toCompletableFuture().isDone()) {
      return;
    }
    long deadline = System.nanoTime() + MARGIN.toNanos();
    List<String> left = leftByTheChecker(before);
    while (!left.isEmpty() && deadline - System.nanoTime() > 0) {
      LockSupport.parkNanos(POLL_NANOS);
      left = leftByTheChecker(before);
    }
    if (!left.isEmpty()) {
      fail(what + " of the " + checkerName() + " checker completed while a read of " + scenario.name()
          + " was still held, and this was still there (rule: unload() answers complete only when everything"
          + " the class started has ended, else a deferred UnloadResult naming what is busy, whose released()"
          + " completes when it has; fix: in onUnload(), return UnloadResult.deferred(...) with a stage that"
          + " completes when the reader threads have ended, for instance after awaitTermination()):\n  - "
          + String.join("\n  - ", left));
    }
  }

  private static List<String> leftByTheChecker(ResourceSnapshot before) {
    return ResourceSnapshot.take().leaksSince(before).stream()
        .filter(leak -> !leak.startsWith("thread 'pathcheck-kit-"))
        .collect(Collectors.toList());
  }

  private void assertNothingLeft(ResourceSnapshot before, DeviceScenario scenario) {
    List<String> leaks = ResourceSnapshot.leaksSince(before, MARGIN);
    if (!leaks.isEmpty()) {
      fail(
          "on "
              + scenario.name()
              + ", after unload and its release, the "
              + provider().name()
              + " checker left behind (fix: close what a check opens before the probe returns, and stop what the"
              + " class started in onUnload()):\n  - "
              + String.join("\n  - ", leaks));
    }
  }

  /** After unload: init, reset, check, pending and needWait throw IllegalStateException; free does not. */
  private void assertEveryCallThrowsAfterUnload(CheckerClass checkerClass, Checker checker, PathDevice device) {
    String fix = " (rule: every call after unload throws IllegalStateException; fix: extend AbstractCheckerClass"
        + " and AbstractChecker, or check an unloaded flag at the start of every call)";
    assertThatIllegalStateException()
        .as("CheckerClass.init() after unload()" + fix)
        .isThrownBy(() -> checkerClass.init(device, checkerOptions()));
    assertThatIllegalStateException().as("CheckerClass.reset() after unload()" + fix).isThrownBy(checkerClass::reset);
    assertThatIllegalStateException().as("Checker.check() after unload()" + fix).isThrownBy(checker::check);
    assertThatIllegalStateException().as("Checker.pending() after unload()" + fix).isThrownBy(checker::pending);
    assertThatIllegalStateException().as("Checker.needWait() after unload()" + fix).isThrownBy(checker::needWait);
    assertThatCode(checker::free).as("Checker.free() after unload() is allowed and does nothing").doesNotThrowAnyException();
  }

  // ---------------------------------------------------------------------------------------------------------
  // Helpers

  /** What a run through a registry leaves: weak references to the plugin's loaders. */
  private static final class PluginRun {
    final List<WeakReference<ClassLoader>> loaders;

    PluginRun(List<WeakReference<ClassLoader>> loaders) {
      this.loaders = List.copyOf(loaders);
    }

    boolean anyReachable() {
      return loaders.stream().anyMatch(l -> !l.refersTo(null));
    }

    ClassLoader firstReachable() {
      for (WeakReference<ClassLoader> loader : loaders) {
        ClassLoader l = loader.get();
        if (l != null) {
          return l;
        }
      }
      return null;
    }
  }

  /** Runs the lifecycle through a registry; leaves only weak references to the plugin's loaders. */
  private PluginRun runThroughRegistry(
      Path pluginDirectory, Set<String> pluginClasses, ReferenceQueue<ClassLoader> queue) throws Exception {
    String name = provider().name();
    TestDevice device = device();
    HostClassLoader host = new HostClassLoader(getClass().getClassLoader(), pluginClasses);
    CheckerRegistry registry =
        CheckerRegistry.builder()
            .pluginDirectory(pluginDirectory)
            .classOptions(name, classOptions())
            .hostClassLoader(host)
            .build();
    List<WeakReference<ClassLoader>> weakLoaders = new ArrayList<>();
    try {
      CheckerDescriptor descriptor =
          registry.available().stream()
              .filter(d -> d.name().equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new AssertionError(
                          "the plugin jar offers no checker named "
                              + name
                              + "; found "
                              + registry.available()
                              + ", problems: "
                              + registry.problems()
                              + " (a plugin jar's manifest must say "
                              + CheckerProvider.SPI_VERSION_ATTRIBUTE
                              + ": "
                              + CheckerProvider.SPI_VERSION
                              + ", and the service file name the provider)"));
      assertThat(descriptor.isPlugin()).as("%s comes from the plugin jar", descriptor).isTrue();
      try (CheckerHandle handle = registry.acquire(name)) {
        PathChecker checker = handle.init(device, checkerOptions());
        try {
          CheckResult answer = checker.check();
          assertThat(answer).as("the plugin checker's check()").isNotNull();
          Duration bound = checkerOptions().timeout().plus(MARGIN);
          if (answer.isPending()) {
            answer = checker.awaitAnswer(bound);
          }
          assertThat(answer.isPending())
              .as("the plugin checker still answered pending after %s s", bound.toSeconds())
              .isFalse();
          assertThat(answer.state()).as("the plugin checker's answer (%s)", answer).isEqualTo(expectedState());
        } finally {
          checker.close();
        }
        List<ClassLoader> loaders = host.pluginLoaders();
        if (loaders.isEmpty()) {
          throw new AssertionError(
              "no class of the plugin jar ran in a class loader of its own: the registry loaded the " + name
                  + " checker from elsewhere");
        }
        for (ClassLoader loader : loaders) {
          assertThat(loader)
              .as("the class loader of the plugin's classes")
              .isNotSameAs(CheckerContractKit.class.getClassLoader())
              .isNotSameAs(provider().getClass().getClassLoader());
          weakLoaders.add(new WeakReference<>(loader, queue));
        }
      }
    } finally {
      registry.close();
    }
    awaitStage(
        registry.whenUnloadsReleased(),
        "CheckerRegistry.whenUnloadsReleased() after closing the plugin's registry");
    return new PluginRun(weakLoaders);
  }

  private static Set<String> classNames(Path jar) throws Exception {
    Set<String> names = new HashSet<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry entry : Collections.list(file.entries())) {
        String entryName = entry.getName();
        if (entryName.endsWith(".class") && !entryName.endsWith("module-info.class")) {
          names.add(entryName.substring(0, entryName.length() - ".class".length()).replace('/', '.'));
        }
      }
    }
    return names;
  }

  private CheckerClass load() {
    CheckerClass checkerClass = provider().load(classOptions());
    assertThat(checkerClass).as("CheckerProvider.load() result").isNotNull();
    track(checkerClass::unload);
    return checkerClass;
  }

  private TestDevice device() throws Exception {
    TestDevice device = newDevice(scratchDirectory);
    assertThat(device).as("newDevice() result").isNotNull();
    track(device);
    return device;
  }

  private Checker init(CheckerClass checkerClass, CheckerOptions options) throws Exception {
    return init(checkerClass, device(), options);
  }

  private Checker init(CheckerClass checkerClass, PathDevice device, CheckerOptions options) throws Exception {
    Checker checker = checkerClass.init(device, options);
    assertThat(checker).as("CheckerClass.init() result").isNotNull();
    track(checker::free);
    return checker;
  }

  private UnloadResult unload(CheckerClass checkerClass) {
    UnloadResult result = checkerClass.unload();
    assertThat(result).as("CheckerClass.unload() result").isNotNull();
    return result;
  }

  private void track(AutoCloseable resource) {
    cleanup.add(resource);
  }

  /** Checks, and polls {@code pending()} while the answer is pending; returns the final answer. */
  private CheckResult resolve(Checker checker) {
    CheckResult first = answering("check()", checker::check);
    assertThat(first).as("check() must answer a result, not null" + NEVER_NULL).isNotNull();
    return awaitFinal(checker, first);
  }

  /**
   * Calls {@code check()} or {@code pending()} of a live checker; an exception other than {@link
   * IllegalStateException} fails the test naming the rule.
   */
  private CheckResult answering(String call, Supplier<CheckResult> body) {
    try {
      return body.get();
    } catch (IllegalStateException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new AssertionError(
          call + " of a live " + checkerName() + " checker threw " + e + " (rule: check() and pending() answer;"
              + " failures of the path are answers, and they throw only IllegalStateException, after free or"
              + " unload; fix: catch the failure where the stack trace below shows it, and answer down, or"
              + " CheckResult.UNCHECKED for what the checker cannot classify)",
          e);
    }
  }

  private CheckResult awaitFinal(Checker checker, CheckResult first) {
    Duration bound = checkerOptions().timeout().plus(MARGIN);
    long deadline = System.nanoTime() + bound.toNanos();
    CheckResult answer = first;
    int polls = 0;
    while (answer.isPending()) {
      if (System.nanoTime() - deadline > 0) {
        fail(
            "the check never resolved: pending() still answered pending after "
                + polls
                + " polls over "
                + bound.toSeconds()
                + " s (the checker timeout "
                + checkerOptions().timeout().toSeconds()
                + " s plus the kit's margin); a checker must answer a final state (down or timeout) once"
                + " its timeout has passed");
      }
      LockSupport.parkNanos(POLL_NANOS);
      answer = answering("pending()", checker::pending);
      polls++;
      assertThat(answer).as("pending() must answer a result, not null" + NEVER_NULL).isNotNull();
    }
    assertFinalMessage(answer, polls == 0 ? "check()" : "pending()");
    return answer;
  }

  /** A final answer's message follows the checker's name: it is empty or starts with a space. */
  private static void assertFinalMessage(CheckResult answer, String call) {
    String message = answer.message();
    boolean followsTheName = message != null && (message.isEmpty() || message.charAt(0) == ' ');
    assertThat(followsTheName)
        .as(
            "the message of the final answer %s of %s must be empty or start with a space (it follows the"
                + " checker's name: \"<device>: <name> checker<message>\")",
            answer, call)
        .isTrue();
  }

  private void awaitReleased(UnloadResult result) throws Exception {
    awaitStage(result.released(), "UnloadResult.released() of " + result);
  }

  private void awaitStage(CompletionStage<Void> stage, String what) throws Exception {
    Duration bound = checkerOptions().timeout().plus(MARGIN);
    try {
      stage.toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      fail(what + " did not complete within " + bound.toSeconds() + " s (checker timeout plus margin)");
    } catch (ExecutionException e) {
      throw new AssertionError(what + " completed exceptionally: " + e.getCause(), e.getCause());
    }
  }

  private static String describe(Thread thread) {
    StringBuilder out = new StringBuilder("  ").append(thread.getName());
    for (StackTraceElement frame : thread.getStackTrace()) {
      out.append("\n      at ").append(frame);
    }
    return out.toString();
  }

  /** A device whose descriptor is gone: fd -1. */
  private static final class NoFdDevice implements PathDevice {
    private final Path path;

    NoFdDevice(Path path) {
      this.path = path;
    }

    @Override
    public Path path() {
      return path;
    }

    @Override
    public int fd() {
      return -1;
    }

    @Override
    public String toString() {
      return "NoFdDevice{" + path + "}";
    }
  }
}
