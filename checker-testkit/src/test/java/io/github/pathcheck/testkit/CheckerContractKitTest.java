package io.github.pathcheck.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import com.example.faulty.FaultyCheckerClass;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Handler;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs the kit, through JUnit's EngineTestKit, against correct checkers (which must pass it whole) and
 * deliberately broken ones (each of which the right contract must catch, with a message that says what is
 * wrong).
 */
class CheckerContractKitTest {

  @Test
  void aCorrectCheckerPassesTheWholeKitIncludingIsolation() {
    Outcome outcome = run(selectClass(KitsUnderTest.CorrectKit.class));

    assertThat(outcome.failures).as("failed contracts").isEmpty();
    assertThat(outcome.aborted).as("skipped contracts").isEmpty();
    assertThat(outcome.succeeded)
        .contains(
            "fullLifecycle",
            "pendingResolvesWithinTheTimeout",
            "manyThreadsCheckDistinctCheckers",
            "unloadLeavesNoFdsThreadsOrAioContexts",
            "pluginClassLoaderIsCollectedAfterUnload",
            "unhealthyDevicesThroughTheFramework",
            "unhealthyDevicesAsynchronously");
  }

  /**
   * Surefire reports each test under the class of its nearest class container and names the class of its
   * method source: an author's class that extends the kit must be both, for every contract, so that its report
   * shows the contracts as its own tests.
   */
  @Test
  void theContractsAreTheAuthorsClassOwnTests() {
    Class<?> author = NoneCheckerContractTest.class;
    EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(author)).execute();

    List<String> classContainers =
        results.containerEvents().started().stream()
            .map(event -> event.getTestDescriptor().getSource().orElse(null))
            .filter(ClassSource.class::isInstance)
            .map(source -> ((ClassSource) source).getClassName())
            .collect(Collectors.toList());
    assertThat(classContainers).as("the class containers of the run").containsExactly(author.getName());
    List<TestDescriptor> tests =
        results.testEvents().started().stream().map(Event::getTestDescriptor).collect(Collectors.toList());
    assertThat(tests).as("the contracts run").hasSizeGreaterThanOrEqualTo(20);
    for (TestDescriptor test : tests) {
      assertThat(nearestClass(test)).as("the class container of %s", test.getDisplayName()).isEqualTo(author.getName());
      assertThat(((MethodSource) test.getSource().orElseThrow()).getClassName())
          .as("the class of the method source of %s", test.getDisplayName())
          .isEqualTo(author.getName());
    }
  }

  private static String nearestClass(TestDescriptor test) {
    for (TestDescriptor d = test; d != null; d = d.getParent().orElse(null)) {
      Optional<TestSource> source = d.getSource();
      if (source.isPresent() && source.get() instanceof ClassSource) {
        return ((ClassSource) source.get()).getClassName();
      }
    }
    return "(none)";
  }

  @Test
  void theNoneCheckerPassesTheWholeKit() {
    Outcome outcome = run(selectClass(NoneCheckerContractTest.class));

    assertThat(outcome.failures).as("failed contracts").isEmpty();
    assertThat(outcome.aborted)
        .as("skipped contracts: none is built in, there is no plugin jar; it is synchronous")
        .containsOnlyKeys(
            "pluginClassLoaderIsCollectedAfterUnload",
            "unhealthyDevicesAsynchronously",
            "oneReadInFlightPerChecker");
    assertThat(outcome.aborted.get("pluginClassLoaderIsCollectedAfterUnload"))
        .contains("override pluginJar()");
    assertThat(outcome.succeeded).contains("unhealthyDevicesThroughTheFramework");
    assertThat(outcome.succeeded).hasSizeGreaterThanOrEqualTo(14);
  }

  @Test
  void aCheckerThatNeedsABlockDeviceRunsTheKitOnLoopDevices() {
    PrivilegedTests.assumeRoot("attach the loop devices the kit gives a checker that needs a block device");
    Outcome outcome = run(selectClass(KitsUnderTest.BlockDeviceKit.class));

    assertThat(outcome.failures).as("failed contracts").isEmpty();
    assertThat(outcome.succeeded)
        .contains(
            "fullLifecycle",
            "manyThreadsCheckDistinctCheckers",
            "unloadLeavesNoFdsThreadsOrAioContexts");
  }

  @Test
  void aCapabilityTheTestDoesNotDeclareIsCaughtByLifecycle() {
    Outcome outcome = run(selectClass(KitsUnderTest.MisdeclaredKit.class));

    assertThat(outcome.failures).containsOnlyKeys("declaresItsCapabilities");
    assertThat(outcome.failures.get("declaresItsCapabilities"))
        .contains("override isAsyncCapable()");
  }

  @Test
  void nullStatesAreCaughtByStatesAndMessages() {
    Outcome outcome = run(selectClass(KitsUnderTest.NullStateKit.class));

    assertThat(outcome.failures).containsKey("neverNull");
    assertThat(outcome.failures.get("neverNull"))
        .contains("must answer a result, not null")
        .contains("rule: check() and pending() always answer a CheckResult")
        .contains("fix: answer CheckResult.UNCHECKED");
  }

  @Test
  void aCheckerThatWorksAfterFreeIsCaughtByAfterFree() {
    Outcome outcome = run(selectClass(KitsUnderTest.WorksAfterFreeKit.class));

    assertThat(outcome.failures)
        .containsOnlyKeys(
            "everyCallAfterFreeThrows",
            "unloadFreesLiveCheckers",
            "sharedStateSurvivesChurnAndReset",
            "unhealthyDevicesAsynchronously");
    assertThat(outcome.failures.get("unhealthyDevicesAsynchronously"))
        .contains("Checker.check() after unload()")
        .contains("rule: every call after unload throws IllegalStateException");
    assertThat(outcome.failures.get("everyCallAfterFreeThrows"))
        .contains("check() after free() must throw IllegalStateException")
        .contains("rule: every call but free() after free throws IllegalStateException")
        .contains("fix: set a freed flag in free()");
    assertThat(outcome.succeeded).contains("freeTwice", "fullLifecycle");
  }

  @Test
  void aLeakedThreadIsCaughtByResourcesAndNamedByIsolation() {
    Outcome outcome = run(selectClass(KitsUnderTest.LeaksThreadKit.class));

    assertThat(outcome.failures)
        .containsOnlyKeys(
            "unloadLeavesNoFdsThreadsOrAioContexts",
            "pluginClassLoaderIsCollectedAfterUnload",
            "unhealthyDevicesThroughTheFramework",
            "unhealthyDevicesAsynchronously");
    assertThat(outcome.failures.get("unhealthyDevicesThroughTheFramework"))
        .as("on the truncated file, after the release; on the hanging device, as the release says it is complete")
        .containsAnyOf("left behind", "completed while a read of a hanging device was still held")
        .contains("thread 'faulty-leak-thread-worker'");
    assertThat(outcome.failures.get("unloadLeavesNoFdsThreadsOrAioContexts"))
        .contains("left behind")
        .contains("rule: unload releases everything the class made")
        .contains("fix: close what a check opens before its answer, stop the class's threads")
        .contains("thread 'faulty-leak-thread-worker'");
    assertThat(outcome.failures.get("pluginClassLoaderIsCollectedAfterUnload"))
        .contains("is still reachable")
        .contains("thread 'faulty-leak-thread-worker'")
        .contains("is running plugin code");
  }

  @Test
  void aPendingCheckThatNeverResolvesIsCaughtByAsyncProtocol() {
    // Only this contract: every other one would wait out the timeout too.
    Outcome outcome =
        run(
            selectMethod(KitsUnderTest.NeverResolvesKit.class, "pendingResolvesWithinTheTimeout"),
            selectMethod(KitsUnderTest.NeverResolvesKit.class, "syncModeNeverAnswersPending"));

    assertThat(outcome.failures).containsOnlyKeys("pendingResolvesWithinTheTimeout");
    assertThat(outcome.failures.get("pendingResolvesWithinTheTimeout"))
        .contains("the check never resolved")
        .contains("pending() still answered pending");
    assertThat(outcome.succeeded).contains("syncModeNeverAnswersPending");
  }

  @Test
  void aClassThatClaimsToAwaitAnswersItDoesNotHaveIsCaughtByAsyncProtocol() {
    Outcome outcome =
        run(
            selectMethod(KitsUnderTest.AwaitsNothingKit.class, "awaitAnswersLeavesNoAnswerPendingWhenItWaited"));

    assertThat(outcome.failures).containsOnlyKeys("awaitAnswersLeavesNoAnswerPendingWhenItWaited");
    assertThat(outcome.failures.get("awaitAnswersLeavesNoAnswerPendingWhenItWaited"))
        .contains("pending() after awaitAnswers(PT6S) returned true");
  }

  @Test
  void aDeadlockInUnloadFailsTheTestAtItsBoundNamingTheLockOwnerAndTheKitReleasesTheRest() {
    Outcome outcome;
    try {
      outcome =
          run(
              selectMethod(KitsUnderTest.DeadlockKit.class, "fullLifecycle"));
    } finally {
      FaultyCheckerClass.endDeadlocks();
    }

    assertThat(outcome.failures).containsOnlyKeys("fullLifecycle");
    assertThat(outcome.failures.get("fullLifecycle"))
        .contains("the test DeadlockKit.fullLifecycle of the deadlock checker did not finish within 24 s")
        .contains("(4 x (checker timeout + margin))")
        .contains("owned by \"faulty-deadlock-holder\"")
        .contains("rule: no call into a checker or its class waits longer than the checker timeout")
        .contains("fix: never wait in unload() for a lock a thread of the class holds")
        .contains("FaultyCheckerClass.unload");
    assertThat(outcome.suppressed.get("fullLifecycle"))
        .as("the tear-down's report: its unload deadlocks too, and the rest is released")
        .contains("did not return within 6 s; it is left behind and the kit releases the rest");
  }

  @Test
  void aPluginThatBindsNativesItselfIsCaughtByIsolation() {
    Outcome outcome = run(selectClass(KitsUnderTest.JnaPinKit.class));

    assertThat(outcome.failures).containsOnlyKeys("pluginClassLoaderIsCollectedAfterUnload");
    assertThat(outcome.failures.get("pluginClassLoaderIsCollectedAfterUnload"))
        .contains("is still reachable")
        .contains("com.sun.jna.Native.")
        .contains("JnaPinningCheckerProvider$CLibrary")
        .contains("rule: after unload nothing outside the plugin refers to its classes")
        .contains("call native code through checker-native rather than Native.load/Native.register")
        .contains("io.github.pathcheck.nativeio");
  }

  // One faulty checker per rule: the contract that states the rule fails it, naming the rule and the fix.

  @Test
  void anUnknownClassOptionAcceptedIsCaughtByStatedRules() {
    String failure =
        failureOf(KitsUnderTest.AnyOptionKit.class, "unknownClassOptionIsRefused");

    assertThat(failure)
        .contains("accepted the unknown class option " + CheckerContractKit.UNKNOWN_KEY)
        .contains("rule: CheckerProvider.load() throws IllegalArgumentException naming a class option")
        .contains("fix: extend AbstractCheckerClass");
  }

  @Test
  void anUnknownPropertyAcceptedIsCaughtByStatedRules() {
    String failure =
        failureOf(KitsUnderTest.AnyPropertyKit.class, "unknownPropertyIsRefused");

    assertThat(failure)
        .contains("accepted the unknown per-path property " + CheckerContractKit.UNKNOWN_KEY)
        .contains("rule: CheckerClass.init() throws IllegalArgumentException naming a per-path property")
        .contains("fix: call options.requireNoProperties");
  }

  @Test
  void aSecondReadWhileOneIsInFlightIsCaughtOnTheHangingDevice() {
    assumeHangingDevices();
    String failure =
        failureOf(KitsUnderTest.SecondReadKit.class, "oneReadInFlightPerChecker");

    assertThat(failure)
        .contains("while that check's read was in flight; a check reads it 1 time(s)")
        .contains("rule: one read in flight per checker")
        .contains("fix: keep the check in flight in the checker");
  }

  @Test
  void aFreedCheckerKeptInTheLiveSetIsCaughtByStatedRules() {
    String failure =
        failureOf(KitsUnderTest.GrowsKit.class, "aFreedCheckerIsNotHeldByItsClass");

    assertThat(failure)
        .contains("a freed checker of the grows checker is still reachable")
        .contains("rule: free() releases everything the class holds for the checker")
        .contains("fix: remove the checker from the class's live set");
  }

  @Test
  void aDescriptorThatOnlyAGarbageCollectionClosesIsCaughtByStatedRules() {
    String failure =
        failureOf(KitsUnderTest.LeaksDescriptorKit.class, "checksLeaveNoDescriptorOpen");

    assertThat(failure)
        .contains("more descriptors open, counted before any free, unload or garbage collection")
        .contains("rule: what a check opens it closes before its answer")
        .contains("fix: close the channel or stream")
        .contains("test-tmp");
  }

  @Test
  void aStaleMessageIsCaughtByStatedRules() {
    String failure = failureOf(KitsUnderTest.StaleMessageKit.class, "aMessageBelongsToItsAnswer");

    assertThat(failure)
        .contains("answered down: read nothing for the file cut to nothing")
        .contains("and up: read nothing for the file written back")
        .contains("two states with one message")
        .contains("rule: a message belongs to the answer it came with")
        .contains("fix: build each answer's message with its state");
  }

  @Test
  void aCheckThatThrowsForAPathFailureIsCaughtOnTheTruncatedFile() {
    Outcome outcome =
        run(
            selectMethod(KitsUnderTest.ThrowsKit.class, "unhealthyDevicesThroughTheFramework"),
            selectMethod(KitsUnderTest.ThrowsKit.class, "unhealthyDevicesAsynchronously"));

    assertThat(outcome.failures.get("unhealthyDevicesThroughTheFramework"))
        .contains("truncated")
        .contains("names an exception: the checker threw")
        .contains("rule: failures of the path are answers, never exceptions")
        .contains("fix: catch the I/O failure in the probe");
    assertThat(outcome.failures.get("unhealthyDevicesAsynchronously"))
        .contains("threw java.util.concurrent.CompletionException: java.io.UncheckedIOException")
        .contains("rule: failures of the path are answers, never exceptions");
  }

  @Test
  void aClassThatWorksAfterUnloadIsCaughtByLifecycle() {
    String failure =
        failureOf(KitsUnderTest.WorksAfterUnloadKit.class, "initAfterUnloadThrowsAndUnloadIsIdempotent");

    assertThat(failure)
        .contains("init() after unload() must throw IllegalStateException")
        .contains("rule: every call after unload throws IllegalStateException")
        .contains("fix: set an unloaded flag in unload()");
  }

  @Test
  void anUnloadThatLeavesLiveCheckersWorkingIsCaughtByLifecycle() {
    String failure =
        failureOf(KitsUnderTest.UnloadKeepsCheckersKit.class, "unloadFreesLiveCheckers");

    assertThat(failure)
        .contains("check() on a checker whose class was unloaded must throw IllegalStateException")
        .contains("rule: unload() frees every live checker")
        .contains("fix: keep the live checkers in a set, free each in unload()");
  }

  @Test
  void aPendingThatBlocksIsCaughtOnTheHangingDevice() {
    assumeHangingDevices();
    Outcome outcome =
        run(
            selectMethod(KitsUnderTest.PendingBlocksKit.class, "unhealthyDevicesAsynchronously"));

    assertThat(outcome.failures.get("unhealthyDevicesAsynchronously"))
        .contains("pending() of the asynchronous-capable pending-blocks checker did not return within 1000 ms")
        .contains("rule: in ASYNC mode check(), pending(), needWait() and unload() never wait for the device")
        .contains("fix: start the read in probe() and collect it in poll()");
  }

  @Test
  void anAsynchronousCheckWithoutATimeoutIsCaughtOnTheHangingDevice() {
    assumeHangingDevices();
    Outcome outcome =
        run(
            selectMethod(KitsUnderTest.NoTimeoutKit.class, "unhealthyDevicesAsynchronously"));

    assertThat(outcome.failures.get("unhealthyDevicesAsynchronously"))
        .contains("checker still answered pending 6 s after check()")
        .contains("rule: an asynchronous check still in flight after the checker timeout is answered down or timeout")
        .contains("fix: compare the time since the check started with options.timeout() in poll()");
  }

  @Test
  void aStaticHashMapUsedWithoutSynchronisationIsCaughtByRaces() {
    String failure = failureOf(KitsUnderTest.StaticMapKit.class, "sharedStateSurvivesChurnAndReset");

    assertThat(failure)
        .contains("threads init, check and free checkers of one static-map class and another resets it")
        .contains("rule: a checker class is called from many threads at once")
        .contains("fix: guard the class's shared state");
  }

  @Test
  void anUnsynchronisedLiveSetAndCounterAreCaughtByRaces() {
    String failure = failureOf(KitsUnderTest.LiveSetKit.class, "sharedStateSurvivesChurnAndReset");

    assertThat(failure)
        .contains("threads init, check and free checkers of one live-set class and another resets it")
        .contains("rule: a checker class is called from many threads at once")
        .contains("fix: guard the class's shared state");
  }

  // What holds a plugin's class loader beyond threads and JNA: each named with the fix.

  @Test
  void aRootLoggerHandlerOfThePluginIsNamedByIsolation() {
    String failure;
    try {
      failure = failureOf(KitsUnderTest.LogHandlerKit.class, "pluginClassLoaderIsCollectedAfterUnload");
    } finally {
      Logger root = Logger.getLogger("");
      for (Handler handler : root.getHandlers()) {
        if (handler.getClass().getName().equals("com.example.faulty.FaultyCheckerClass$CountingHandler")) {
          root.removeHandler(handler); // the plugin's, which pins its class loader
        }
      }
    }

    assertThat(failure)
        .contains("java.util.logging: the root logger has the handler")
        .contains("has the handler com.example.faulty.FaultyCheckerClass$CountingHandler")
        .contains("an instance of the plugin's class com.example.faulty.FaultyCheckerClass$CountingHandler")
        .contains("fix: log through SLF4J")
        .contains("removes in onUnload() with Logger.removeHandler");
  }

  @Test
  void aShutdownHookOfThePluginIsNamedByIsolation() {
    String failure = failureOf(KitsUnderTest.ShutdownHookKit.class, "pluginClassLoaderIsCollectedAfterUnload");

    assertThat(failure)
        .contains("the shutdown hook thread 'faulty-shutdown-hook-hook' (Runtime.addShutdownHook)")
        .contains("fix: register no shutdown hook")
        .contains("Runtime.removeShutdownHook");
  }

  @Test
  void aThreadLocalValueOfThePluginOnAHostThreadIsNamedByIsolation() {
    String failure = failureOf(KitsUnderTest.ThreadLocalKit.class, "pluginClassLoaderIsCollectedAfterUnload");

    assertThat(failure)
        .contains("holds a ThreadLocal value of the plugin: threadLocals -> ")
        .contains("value: an instance of the plugin's class com.example.faulty.FaultyChecker$ReadBuffer")
        .contains("fix: call remove() on the ThreadLocal in a finally block");
  }

  @Test
  void anIdlePoolThreadOfThePluginIsNamedByIsolation() {
    String failure = failureOf(KitsUnderTest.IdlePoolKit.class, "pluginClassLoaderIsCollectedAfterUnload");

    assertThat(failure)
        .contains("idle pool thread 'faulty-idle-pool-pool'")
        .contains("of a java.util.concurrent.ThreadPoolExecutor that refers to the plugin: threadFactory:")
        .contains("fix: shut the executor down in onUnload()");
  }

  private static void assumeHangingDevices() {
    HangingDevice.unavailableReason()
        .ifPresent(reason -> PrivilegedTests.assumePrivilege(false, reason));
  }

  /** Runs one contract of {@code kit} and returns its failure's message; fails if it passed. */
  private static String failureOf(Class<?> kit, String method) {
    Outcome outcome = run(selectMethod(kit, method));
    assertThat(outcome.failures).as("the contracts that failed, in %s", outcome).containsOnlyKeys(method);
    return outcome.failures.get(method);
  }

  /** The tests of one run, by the kit's method (a dynamic test's factory): failures and aborts with their messages. */
  private static final class Outcome {
    final Map<String, String> failures = new LinkedHashMap<>();
    final Map<String, String> aborted = new LinkedHashMap<>();
    final Map<String, String> suppressed = new LinkedHashMap<>();
    final Set<String> succeeded = new TreeSet<>();

    @Override
    public String toString() {
      return "failures=" + failures + ", aborted=" + aborted + ", succeeded=" + succeeded;
    }
  }

  private static Outcome run(DiscoverySelector... selectors) {
    EngineExecutionResults results =
        EngineTestKit.engine("junit-jupiter").selectors(selectors).execute();
    Events tests = results.testEvents();
    Outcome outcome = new Outcome();
    tests.finished().stream()
        .forEach(
            event -> {
              TestExecutionResult result = event.getPayload(TestExecutionResult.class).orElseThrow();
              String key = key(event);
              switch (result.getStatus()) {
                case SUCCESSFUL:
                  outcome.succeeded.add(key);
                  break;
                case ABORTED:
                  outcome.aborted.put(key, message(result));
                  break;
                case FAILED:
                  outcome.failures.put(key, message(result));
                  result
                      .getThrowable()
                      .ifPresent(
                          t ->
                              outcome.suppressed.put(
                                  key,
                                  java.util.Arrays.stream(t.getSuppressed())
                                      .map(String::valueOf)
                                      .collect(Collectors.joining("\n"))));
                  break;
                default:
                  throw new AssertionError(result);
              }
            });
    assertThat(results.containerEvents().failed().count())
        .as("failed containers (class setup) in %s", outcome)
        .isZero();
    return outcome;
  }

  private static String key(Event event) {
    return ((MethodSource) event.getTestDescriptor().getSource().orElseThrow()).getMethodName();
  }

  private static String message(TestExecutionResult result) {
    return result.getThrowable().map(String::valueOf).orElse("(no throwable)");
  }
}
