package io.github.pathcheck.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckerInitException;
import io.github.pathcheck.api.CheckerMessages;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.fixtures.FakeDevice;
import io.github.pathcheck.loader.CheckerRegistry;
import io.github.pathcheck.loader.CountingCheckerProvider;
import io.github.pathcheck.loader.Gc;
import io.github.pathcheck.loader.ScriptedCheckerProvider;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The monitor's rounds, driven with {@link PathMonitor#runOnce()} on a fake ticker: no sleeping, no timing.
 *
 * <p>Synchronous checks (the {@code none} and {@code counting} classes, scripted paths in {@code SYNC} mode) run
 * on their class's pool: {@code check()} answers pending and the round's shared wait awaits them, ending as soon
 * as they return. The shared wait is long ({@link #SHARED_WAIT}) so that their answers come in the same round
 * however slow the machine; the fake sleeper, which only records, stands for the rest of it.
 */
class PathMonitorTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Duration INTERVAL = Duration.ofSeconds(5);
  private static final Duration PENDING_POLL = Duration.ofSeconds(1);
  private static final Duration SHARED_WAIT = Duration.ofSeconds(1);
  private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(30);

  private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
  private final List<Long> waits = new CopyOnWriteArrayList<>();
  private final List<String> whatWasStartedAtEachWait = new CopyOnWriteArrayList<>();
  private final List<Transition> transitions = new CopyOnWriteArrayList<>();
  private final List<PathStatus> answers = new CopyOnWriteArrayList<>();
  private CheckerRegistry registry;
  private PathMonitor monitor;

  @BeforeEach
  void setUp() {
    ScriptedCheckerProvider.resetCounters();
    CountingCheckerProvider.resetCounters();
    registry = CheckerRegistry.builder().build();
    monitor = monitor().build();
  }

  @AfterEach
  void tearDown() {
    monitor.close();
    registry.close();
    awaitUnloadsReleased(); // no checker of this test is freed on a pool after the next one reset the counters
    assertThat(ScriptedCheckerProvider.violations).isEmpty();
  }

  private PathMonitor.Builder monitor() {
    return PathMonitor.builder(registry)
        .checkInterval(INTERVAL)
        .pendingPollInterval(PENDING_POLL)
        .sharedWait(SHARED_WAIT)
        .ticker(nanos::get)
        .clock(Clock.fixed(T0, ZoneOffset.UTC))
        .sleeper(
            n -> {
              waits.add(n);
              whatWasStartedAtEachWait.add(describeCalls());
            })
        .listener((from, to) -> transitions.add(new Transition(from, to)))
        .answerListener(answers::add);
  }

  /** Waits until every class unloaded so far released what it held, such as checkers freed on its pool. */
  private void awaitUnloadsReleased() {
    assertThat(registry.whenUnloadsReleased().toCompletableFuture()).succeedsWithin(RELEASE_TIMEOUT);
  }

  private final List<Path> scripted = new ArrayList<>();

  private String describeCalls() {
    StringBuilder calls = new StringBuilder();
    for (Path path : scripted) {
      ScriptedCheckerProvider.ScriptedChecker checker = ScriptedCheckerProvider.checker(path);
      calls.append(path.getFileName()).append(": checks=").append(checker.checks.get());
      calls.append(" pendings=").append(checker.pendings.get()).append("; ");
    }
    return calls.toString();
  }

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  private Instant now() {
    return T0.plusNanos(nanos.get() - 1_000_000_000_000L);
  }

  private Path addScripted(String name, CheckerOptions options) throws CheckerInitException {
    Path path = Path.of("/dev/" + name);
    monitor.add(new FakeDevice(path, 3), "scripted", options);
    scripted.add(path);
    return path;
  }

  private static CheckerOptions async(int pendingPolls) {
    return CheckerOptions.defaults().withProperty("pendingPolls", Integer.toString(pendingPolls));
  }

  private static CheckerOptions sync() {
    return CheckerOptions.defaults().withMode(CheckMode.SYNC);
  }

  private PathStatus status(Path path) {
    return monitor.status(path).orElseThrow();
  }

  @Test
  void theNoneCheckerReportsEachPathsConfiguredStateAfterTheFirstRound() throws Exception {
    Path sdb = Path.of("/dev/sdb");
    Path sdc = Path.of("/dev/sdc");
    Instant added = now();
    monitor.add(new FakeDevice(sdb, 3), "none", CheckerOptions.defaults());
    monitor.add(new FakeDevice(sdc, 4), "none", CheckerOptions.defaults().withProperty("state", "ghost"));

    PathStatus before = status(sdb);
    assertThat(before.state()).isEqualTo(PathState.UNCHECKED);
    assertThat(before.message()).isEqualTo(CheckerMessages.NONE);
    assertThat(before.checkerName()).isEqualTo("none");
    assertThat(before.since()).isEqualTo(added);
    assertThat(before.lastChecked()).isEmpty();
    assertThat(before.lastCheckDuration()).isEmpty();

    advance(Duration.ofMillis(300));
    assertThat(monitor.runOnce()).isEqualTo(INTERVAL);

    assertThat(status(sdb).state()).isEqualTo(PathState.UP);
    assertThat(status(sdb).message()).isEqualTo(CheckerMessages.PATH_UP);
    assertThat(status(sdb).since()).isEqualTo(now());
    assertThat(status(sdb).lastChecked()).contains(now());
    assertThat(status(sdb).lastCheckDuration()).contains(Duration.ZERO);
    assertThat(status(sdb).checkInFlightSince()).isEmpty();
    assertThat(status(sdc).state()).isEqualTo(PathState.GHOST);
    assertThat(monitor.snapshot()).containsOnlyKeys(sdb, sdc);
    assertThat(monitor.snapshot().keySet()).containsExactly(sdb, sdc);
    assertThat(waits).isEmpty(); // none never needs a wait
    assertThat(transitions)
        .extracting(t -> t.to().path(), t -> t.from().state(), t -> t.to().state())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(sdb, PathState.UNCHECKED, PathState.UP),
            org.assertj.core.groups.Tuple.tuple(sdc, PathState.UNCHECKED, PathState.GHOST));
  }

  @Test
  void aPathIsNotCheckedAgainBeforeItsInterval() throws Exception {
    Path path = addScripted("sdd", sync());
    monitor.runOnce();
    ScriptedCheckerProvider.ScriptedChecker checker = ScriptedCheckerProvider.checker(path);
    assertThat(checker.checks).hasValue(1);

    advance(INTERVAL.minusNanos(1));
    assertThat(monitor.runOnce()).isEqualTo(Duration.ofNanos(1));
    assertThat(checker.checks).hasValue(1);

    advance(Duration.ofNanos(1));
    monitor.runOnce();
    assertThat(checker.checks).hasValue(2);
    assertThat(status(path).state()).isEqualTo(PathState.UP);
  }

  @Test
  void anAsyncCheckPendingForNPollsIsPolledEverySecondWithoutRestartingThenAnswers() throws Exception {
    Path path = addScripted("sde", async(2).withProperty("answer", "ghost"));
    ScriptedCheckerProvider.ScriptedChecker checker = ScriptedCheckerProvider.checker(path);
    Instant started = now();

    // Round 1: submitted, waited once, collected: still pending.
    assertThat(monitor.runOnce()).isEqualTo(PENDING_POLL);
    assertThat(checker.submits).hasValue(1);
    assertThat(checker.pendings).hasValue(1);
    assertThat(waits).hasSize(1);
    assertThat(status(path).state()).isEqualTo(PathState.UNCHECKED);
    assertThat(status(path).checkInFlightSince()).contains(started);

    // Not due before the pending poll interval.
    advance(PENDING_POLL.dividedBy(2));
    monitor.runOnce();
    assertThat(checker.checks).hasValue(1);

    // Round 2: polled again, sooner than the check interval; nothing new submitted, no wait needed.
    advance(PENDING_POLL.dividedBy(2));
    assertThat(monitor.runOnce()).isEqualTo(PENDING_POLL);
    assertThat(checker.checks).hasValue(2);
    assertThat(checker.pendings).hasValue(2);
    assertThat(checker.submits).hasValue(1);
    assertThat(waits).hasSize(1);
    assertThat(status(path).state()).isEqualTo(PathState.UNCHECKED);

    // Round 3: the answer, timed from the submit.
    advance(PENDING_POLL);
    assertThat(monitor.runOnce()).isEqualTo(INTERVAL);
    assertThat(checker.submits).hasValue(1);
    PathStatus answered = status(path);
    assertThat(answered.state()).isEqualTo(PathState.GHOST);
    assertThat(answered.message()).isEqualTo(CheckerMessages.PATH_GHOST);
    assertThat(answered.lastCheckDuration()).contains(PENDING_POLL.multipliedBy(2));
    assertThat(answered.lastChecked()).contains(now());
    assertThat(answered.since()).isEqualTo(now());
    assertThat(answered.checkInFlightSince()).isEmpty();
    assertThat(transitions).hasSize(1);

    // The next check is due a whole interval later.
    advance(INTERVAL.minusNanos(1));
    monitor.runOnce();
    assertThat(checker.submits).hasValue(1);
    advance(Duration.ofNanos(1));
    monitor.runOnce();
    assertThat(checker.submits).hasValue(2);
  }

  @Test
  void aRoundStartsEveryDueCheckThenWaitsOnceThenCollects() throws Exception {
    Path a = addScripted("sdf", async(0));
    Path b = addScripted("sdg", async(0));
    Path c = addScripted("sdh", async(0));
    Path s = addScripted("sdi", sync());
    monitor.add(new FakeDevice(Path.of("/dev/sdj"), 3), "none", CheckerOptions.defaults());

    monitor.runOnce();

    assertThat(waits).containsExactly(SHARED_WAIT.toNanos());
    // At the wait, every check had been started (the synchronous one's answered on the pool within the wait)
    // and none collected.
    assertThat(whatWasStartedAtEachWait)
        .containsExactly(
            "sdf: checks=1 pendings=0; sdg: checks=1 pendings=0; sdh: checks=1 pendings=0; "
                + "sdi: checks=1 pendings=0; ");
    for (Path path : List.of(a, b, c, s)) {
      assertThat(status(path).state()).as("%s", path).isEqualTo(PathState.UP);
    }
    // The synchronous path is not polled: its answer is collected from the pool, not from its checker.
    assertThat(ScriptedCheckerProvider.checker(s).pendings).hasValue(0);
    assertThat(ScriptedCheckerProvider.checker(s).checks).hasValue(1);
  }

  @Test
  void theWaitAsksTheClassToAwaitItsAnswersAndSleepsOnlyWhenItCannot() throws Exception {
    Path a = addScripted("sdn", async(0));
    Path b = addScripted("sdo", async(0));

    monitor.runOnce();
    assertThat(ScriptedCheckerProvider.awaitCalls)
        .as("once for the class, not per path, within the shared wait")
        .singleElement()
        .satisfies(wait -> assertThat(wait).isPositive().isLessThanOrEqualTo(SHARED_WAIT));
    assertThat(waits).as("the class cannot tell: the rest is slept").containsExactly(SHARED_WAIT.toNanos());

    ScriptedCheckerProvider.awaitAnswers = "awaits";
    advance(INTERVAL);
    monitor.runOnce();
    assertThat(ScriptedCheckerProvider.awaitCalls).hasSize(2);
    assertThat(waits).as("the class waited: no sleep").hasSize(1);
    assertThat(status(a).state()).isEqualTo(PathState.UP);
    assertThat(status(b).state()).isEqualTo(PathState.UP);
  }

  @Test
  void aPathRemovedDuringARoundLeavesTheRoundToTheOthers() throws Exception {
    Path a = addScripted("sdt", async(0));
    Path b = addScripted("sdu", async(0));
    // Whichever path the round checks second removes the first, after the first's check needs a wait: its
    // handle is closed before the round's shared wait.
    AtomicReference<Path> first = new AtomicReference<>();
    for (Path path : List.of(a, b)) {
      ScriptedCheckerProvider.checker(path).onCheck(() -> {
        if (!first.compareAndSet(null, path)) {
          monitor.remove(first.get());
        }
      });
    }

    monitor.runOnce();

    Path removed = first.get();
    Path kept = removed.equals(a) ? b : a;
    assertThat(monitor.status(removed)).isEmpty();
    assertThat(ScriptedCheckerProvider.checker(removed).isFreed()).isTrue();
    assertThat(status(kept).state()).as("the round went on for the other path").isEqualTo(PathState.UP);
  }

  @Test
  void aClassFailingToAwaitItsAnswersIsSleptForAndItsPathsStillAnswer() throws Exception {
    ScriptedCheckerProvider.awaitAnswers = "throws";
    Path a = addScripted("sdp", async(0));

    monitor.runOnce();

    assertThat(waits).containsExactly(SHARED_WAIT.toNanos());
    assertThat(status(a).state()).isEqualTo(PathState.UP);
  }

  @Test
  void aRoundInWhichNoCheckerNeedsAWaitDoesNotWait() throws Exception {
    addScripted("sdk", sync());
    Path pending = addScripted("sdl", async(3));
    monitor.runOnce(); // submits the async check: one wait
    assertThat(waits).hasSize(1);

    advance(PENDING_POLL);
    monitor.runOnce(); // only polls: the check was looked at already
    assertThat(waits).hasSize(1);
    assertThat(ScriptedCheckerProvider.checker(pending).pendings).hasValue(2);

    PathMonitor noWait = monitor().sharedWait(Duration.ZERO).build();
    try {
      noWait.add(new FakeDevice(Path.of("/dev/sdm"), 3), "scripted", async(0));
      noWait.runOnce();
      assertThat(waits).hasSize(1);
      assertThat(noWait.status(Path.of("/dev/sdm")).orElseThrow().state()).isEqualTo(PathState.UP);
    } finally {
      noWait.close();
    }
  }

  @Test
  void transitionsGiveTheOldAndNewStatusAndAPendingCheckIsNone() throws Exception {
    Path path = addScripted("sdn", async(1));
    ScriptedCheckerProvider.ScriptedChecker checker = ScriptedCheckerProvider.checker(path);
    monitor.runOnce();
    advance(PENDING_POLL);
    monitor.runOnce();
    assertThat(transitions).hasSize(1);
    PathStatus up = status(path);
    assertThat(up.state()).isEqualTo(PathState.UP);
    assertThat(transitions.get(0).from().state()).isEqualTo(PathState.UNCHECKED);
    assertThat(transitions.get(0).to()).isEqualTo(up);

    // Still up: no transition, and since is kept.
    advance(INTERVAL);
    monitor.runOnce();
    advance(PENDING_POLL);
    monitor.runOnce();
    assertThat(transitions).hasSize(1);
    assertThat(status(path).since()).isEqualTo(up.since());
    assertThat(status(path).lastChecked()).contains(now());

    // The path goes down: while the check is in flight it is still up, and nothing is told.
    checker.answer(PathState.DOWN);
    advance(INTERVAL);
    monitor.runOnce();
    assertThat(status(path).state()).isEqualTo(PathState.UP);
    assertThat(status(path).message()).isEqualTo(CheckerMessages.PATH_UP);
    assertThat(status(path).checkInFlightSince()).contains(now());
    assertThat(transitions).hasSize(1);

    advance(PENDING_POLL);
    monitor.runOnce();
    assertThat(transitions).hasSize(2);
    Transition downed = transitions.get(1);
    assertThat(downed.from().state()).isEqualTo(PathState.UP);
    assertThat(downed.from().message()).isEqualTo(CheckerMessages.PATH_UP);
    assertThat(downed.to().state()).isEqualTo(PathState.DOWN);
    assertThat(downed.to().message()).isEqualTo(CheckerMessages.PATH_DOWN);
    assertThat(downed.to().since()).isEqualTo(now());
    assertThat(downed.to().lastCheckDuration()).contains(PENDING_POLL);
    assertThat(downed.to()).isEqualTo(status(path));
  }

  /** A throw is a plugin bug: the path checker answers it unchecked, naming the call and the exception. */
  @Test
  void aCheckerThatThrowsIsReportedUncheckedAndTheLoopGoesOn() throws Exception {
    Path broken = addScripted("sdo", sync().withProperty("throwIn", "check"));
    Path brokenPoll = addScripted("sdp", async(0).withProperty("throwIn", "pending"));
    Path fine = addScripted("sdq", async(0));

    monitor.runOnce();
    assertThat(status(fine).state()).isEqualTo(PathState.UP);
    assertThat(status(broken).state()).isEqualTo(PathState.UNCHECKED);
    assertThat(status(broken).message())
        .startsWith(" failed: check() threw ")
        .contains("scripted failure in check for /dev/sdo");
    assertThat(status(broken).lastChecked()).contains(now());
    assertThat(status(brokenPoll).state()).isEqualTo(PathState.UNCHECKED);
    assertThat(status(brokenPoll).message()).startsWith(" failed: pending() threw ");

    // Checked again next interval; once the checker works again, the path comes up.
    ScriptedCheckerProvider.checker(broken).throwIn("");
    ScriptedCheckerProvider.checker(brokenPoll).throwIn("");
    advance(INTERVAL);
    monitor.runOnce();
    assertThat(status(broken).state()).isEqualTo(PathState.UP);
    assertThat(status(brokenPoll).state()).isEqualTo(PathState.UP);
    assertThat(status(fine).state()).isEqualTo(PathState.UP);
  }

  @Test
  void aRoundThatFailsPartWayStillChecksItsPathsInTheRoundsAfter() throws Exception {
    AtomicBoolean failTheWait = new AtomicBoolean(true);
    PathMonitor failing =
        monitor()
            .sleeper(
                n -> {
                  if (failTheWait.getAndSet(false)) {
                    throw new IllegalStateException("the wait fails on purpose");
                  }
                })
            .build();
    try {
      Path pending = Path.of("/dev/sdy");
      Path sync = Path.of("/dev/sdz");
      failing.add(new FakeDevice(pending, 3), "scripted", async(1));
      failing.add(new FakeDevice(sync, 3), "scripted", sync());
      assertThatThrownBy(failing::runOnce).hasMessageContaining("on purpose");

      for (int poll = 1; poll <= 2; poll++) { // the check the failed round started answers on its second poll
        advance(PENDING_POLL);
        failing.runOnce();
      }
      assertThat(failing.status(pending).orElseThrow().state()).isEqualTo(PathState.UP);
      assertThat(failing.status(sync).orElseThrow().state()).isEqualTo(PathState.UP);

      ScriptedCheckerProvider.checker(sync).answer(PathState.DOWN);
      advance(INTERVAL);
      failing.runOnce();
      assertThat(failing.status(sync).orElseThrow().state()).isEqualTo(PathState.DOWN);
    } finally {
      failing.close();
    }
  }

  @Test
  void aThrowingListenerIsLoggedAndTheOthersAndTheLoopGoOn() throws Exception {
    List<PathState> seen = new CopyOnWriteArrayList<>();
    PathMonitor withBadListener =
        monitor()
            .listener(
                (from, to) -> {
                  throw new IllegalStateException("listener fails on purpose");
                })
            .listener((from, to) -> seen.add(to.state()))
            .build();
    try {
      Path path = Path.of("/dev/sdr");
      withBadListener.add(new FakeDevice(path, 3), "scripted", sync());
      withBadListener.runOnce();
      ScriptedCheckerProvider.checker(path).answer(PathState.DOWN);
      advance(INTERVAL);
      withBadListener.runOnce();
      assertThat(seen).containsExactly(PathState.UP, PathState.DOWN);
      assertThat(transitions).hasSize(2); // the first listener, added before the failing one
    } finally {
      withBadListener.close();
    }
  }

  @Test
  void disablingAPathDropsTheAnswerOfTheCheckInFlight() throws Exception {
    Path path = addScripted("sds", async(1));
    ScriptedCheckerProvider.ScriptedChecker checker = ScriptedCheckerProvider.checker(path);
    monitor.runOnce();
    advance(PENDING_POLL);
    monitor.runOnce();
    assertThat(status(path).state()).isEqualTo(PathState.UP);

    // A check is started; the operator fails the path before its answer (up) is collected.
    advance(INTERVAL);
    monitor.runOnce();
    assertThat(checker.submits).hasValue(2);
    assertThat(monitor.disable(path)).isTrue();
    assertThat(status(path).state()).isEqualTo(PathState.UNCHECKED);
    assertThat(status(path).message()).isEqualTo(CheckerMessages.DISABLED);
    assertThat(status(path).checkInFlightSince()).isEmpty();

    // Disabled: not checked; the transition is delivered by the next round.
    transitions.clear();
    int checks = checker.checks.get();
    advance(PENDING_POLL);
    monitor.runOnce();
    assertThat(checker.checks).hasValue(checks);
    assertThat(transitions)
        .extracting(t -> t.from().state(), t -> t.to().state())
        .containsExactly(org.assertj.core.groups.Tuple.tuple(PathState.UP, PathState.UNCHECKED));
    assertThat(monitor.disable(path)).isTrue(); // again: nothing changes

    // Enabled: the old check's answer (up) is collected but must not reinstate the path.
    assertThat(monitor.enable(path)).isTrue();
    transitions.clear();
    monitor.runOnce();
    assertThat(checker.isInFlight()).isFalse();
    assertThat(status(path).state()).isEqualTo(PathState.UNCHECKED);
    assertThat(status(path).message()).isEqualTo(CheckerMessages.DISABLED);
    assertThat(transitions).isEmpty();

    // A fresh check reinstates it.
    monitor.runOnce();
    assertThat(checker.submits).hasValue(3);
    advance(PENDING_POLL);
    monitor.runOnce();
    assertThat(status(path).state()).isEqualTo(PathState.UP);
    assertThat(transitions)
        .extracting(t -> t.from().state(), t -> t.to().state())
        .containsExactly(org.assertj.core.groups.Tuple.tuple(PathState.UNCHECKED, PathState.UP));
  }

  @Test
  void aPathEnabledAgainSeveralTimesBeforeARoundIsCheckedOnceInIt() throws Exception {
    Path path = addScripted("sdv", sync());
    ScriptedCheckerProvider.ScriptedChecker checker = ScriptedCheckerProvider.checker(path);
    monitor.runOnce();
    assertThat(checker.checks).hasValue(1);

    for (int i = 0; i < 3; i++) {
      assertThat(monitor.disable(path)).isTrue();
      assertThat(monitor.enable(path)).isTrue();
    }
    answers.clear();
    monitor.runOnce();
    assertThat(checker.checks).hasValue(2);
    assertThat(answers).hasSize(1);
    assertThat(monitor.runOnce()).isEqualTo(INTERVAL);
    assertThat(checker.checks).hasValue(2);

    advance(INTERVAL);
    monitor.runOnce();
    assertThat(checker.checks).hasValue(3);
  }

  @Test
  void aRemovedPathsDeviceIsNotKeptByTheMonitor() throws Exception {
    Gc gc = new Gc();
    Path kept = Path.of("/dev/sdw");
    monitor.add(new FakeDevice(kept, 3), "none", CheckerOptions.defaults());
    WeakReference<Object> removed = addAndTrack(gc, Path.of("/dev/sdx"));
    monitor.runOnce();

    assertThat(monitor.remove(Path.of("/dev/sdx"))).isTrue();
    monitor.runOnce();
    assertThat(monitor.whenCheckersReleased().toCompletableFuture()).succeedsWithin(RELEASE_TIMEOUT);
    assertThat(gc.isCollected(removed)).as("the removed path's device is collectable").isTrue();
    assertThat(monitor.snapshot()).containsOnlyKeys(kept);
  }

  @Test
  void aClosedMonitorKeepsNoneOfItsPathsDevices() throws Exception {
    Gc gc = new Gc();
    WeakReference<Object> device = addAndTrack(gc, Path.of("/dev/sdy"));
    monitor.runOnce();

    monitor.close();
    assertThat(monitor.whenCheckersReleased().toCompletableFuture()).succeedsWithin(RELEASE_TIMEOUT);
    assertThat(gc.isCollected(device)).as("the device of a path of a closed monitor is collectable").isTrue();
  }

  private WeakReference<Object> addAndTrack(Gc gc, Path path) throws CheckerInitException {
    FakeDevice device = new FakeDevice(path, 3);
    monitor.add(device, "none", CheckerOptions.defaults());
    return gc.track(device);
  }

  @Test
  void aListenerCannotRunARoundInsideTheRound() throws Exception {
    List<Throwable> thrown = new CopyOnWriteArrayList<>();
    PathMonitor[] self = new PathMonitor[1];
    self[0] =
        monitor()
            .listener(
                (from, to) -> {
                  try {
                    self[0].runOnce();
                  } catch (IllegalStateException e) {
                    thrown.add(e);
                  }
                })
            .build();
    try {
      self[0].add(new FakeDevice(Path.of("/dev/sdab"), 3), "none", CheckerOptions.defaults());
      self[0].runOnce();
      assertThat(thrown).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("listener"));
      assertThat(transitions).hasSize(1);
    } finally {
      self[0].close();
    }
  }

  @Test
  void disableAndEnableOfAnUnwatchedPathAnswerFalse() {
    assertThat(monitor.disable(Path.of("/dev/nope"))).isFalse();
    assertThat(monitor.enable(Path.of("/dev/nope"))).isFalse();
    assertThat(monitor.remove(Path.of("/dev/nope"))).isFalse();
    assertThat(monitor.status(Path.of("/dev/nope"))).isEmpty();
  }

  @Test
  void removeFreesTheCheckerAndTheLastRemoveUnloadsTheClass() throws Exception {
    Path a = addScripted("sdt", async(5));
    Path b = addScripted("sdu", sync());
    monitor.runOnce(); // a's check is in flight
    assertThat(ScriptedCheckerProvider.loads).hasValue(1);

    assertThat(monitor.remove(a)).isTrue();
    assertThat(ScriptedCheckerProvider.checker(a).isFreed()).isTrue();
    assertThat(ScriptedCheckerProvider.unloads).hasValue(0);
    assertThat(monitor.status(a)).isEmpty();
    assertThat(monitor.snapshot()).containsOnlyKeys(b);
    assertThat(monitor.remove(a)).isFalse();

    advance(PENDING_POLL);
    monitor.runOnce(); // a is not called after its free (the provider records violations)

    assertThat(monitor.remove(b)).isTrue();
    assertThat(ScriptedCheckerProvider.unloads).hasValue(1);
    awaitUnloadsReleased(); // b's checker is freed on the pool
    assertThat(ScriptedCheckerProvider.frees).hasValue(2);
    assertThat(monitor.snapshot()).isEmpty();
    assertThat(monitor.runOnce()).isEqualTo(INTERVAL);
  }

  @Test
  void closeFreesEveryCheckerAndReleasesEveryHandleButLeavesTheRegistryOpen() throws Exception {
    addScripted("sdv", async(3));
    addScripted("sdw", sync());
    monitor.add(new FakeDevice(Path.of("/dev/sdx"), 3), "counting", CheckerOptions.defaults());
    monitor.add(new FakeDevice(Path.of("/dev/sdy"), 3), "none", CheckerOptions.defaults());
    monitor.runOnce();
    assertThat(CountingCheckerProvider.loads).hasValue(1);

    monitor.close();
    assertThat(ScriptedCheckerProvider.unloads).hasValue(1);
    assertThat(CountingCheckerProvider.unloads).hasValue(1);
    awaitUnloadsReleased(); // the synchronous paths' checkers are freed on their pools
    assertThat(ScriptedCheckerProvider.frees).hasValue(2);
    assertThat(monitor.snapshot()).isEmpty();
    assertThat(monitor.status(Path.of("/dev/sdv"))).isEmpty();
    assertThat(monitor.remove(Path.of("/dev/sdv"))).isFalse();
    assertThat(monitor.disable(Path.of("/dev/sdw"))).isFalse();
    assertThatThrownBy(monitor::runOnce)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(monitor::start).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () -> monitor.add(new FakeDevice(Path.of("/dev/sdz"), 3), "none", CheckerOptions.defaults()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/dev/sdz");
    monitor.close(); // idempotent

    // The registry is the host's: still open.
    registry.acquire("scripted").close();
    assertThat(ScriptedCheckerProvider.loads).hasValue(2);
  }

  @Test
  void addRejectsADuplicateAndReleasesWhatAFailedAddTook() throws Exception {
    Path path = addScripted("sda1", sync());
    assertThatThrownBy(() -> monitor.add(new FakeDevice(path, 5), "none", CheckerOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/dev/sda1")
        .hasMessageContaining("already watched");
    monitor.remove(path);
    assertThat(ScriptedCheckerProvider.unloads).hasValue(1);

    assertThatThrownBy(
            () ->
                monitor.add(
                    new FakeDevice(Path.of("/dev/sda2"), 3),
                    "scripted",
                    CheckerOptions.defaults().withProperty("failInit", "true")))
        .isInstanceOf(CheckerInitException.class)
        .hasMessageContaining("/dev/sda2");
    assertThat(ScriptedCheckerProvider.loads).hasValue(2);
    assertThat(ScriptedCheckerProvider.unloads).hasValue(2);

    assertThatThrownBy(
            () ->
                monitor.add(
                    new FakeDevice(Path.of("/dev/sda3"), 3),
                    "scripted",
                    CheckerOptions.defaults().withProperty("colour", "blue")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ScriptedCheckerProvider.unloads).hasValue(3);

    assertThatThrownBy(
            () -> monitor.add(new FakeDevice(Path.of("/dev/sda4"), 3), "tur", CheckerOptions.defaults()))
        .isInstanceOf(NoSuchElementException.class);
    assertThat(monitor.snapshot()).isEmpty();
  }

  @Test
  void theAnswerListenerIsToldEveryFinalAnswerWithItsLatencyButNoPendingOrDroppedOne() throws Exception {
    Path async = addScripted("sdac", async(1));
    Path sync = addScripted("sdad", sync());

    // Round 1: the synchronous answer comes from the pool within the shared wait; the async one is pending.
    monitor.runOnce();
    assertThat(answers)
        .extracting(PathStatus::path, PathStatus::state, PathStatus::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(sync, PathState.UP, CheckerMessages.PATH_UP));
    assertThat(answers.get(0).lastCheckDuration()).contains(Duration.ZERO);

    // Round 2: the async answer, timed from its start.
    advance(PENDING_POLL);
    monitor.runOnce();
    assertThat(answers).hasSize(2);
    assertThat(answers.get(1).path()).isEqualTo(async);
    assertThat(answers.get(1).state()).isEqualTo(PathState.UP);
    assertThat(answers.get(1).lastCheckDuration()).contains(PENDING_POLL);
    assertThat(answers.get(1).lastChecked()).contains(now());

    // The same answers again: no transition, but every answer is told.
    advance(INTERVAL);
    monitor.runOnce();
    advance(PENDING_POLL);
    monitor.runOnce();
    assertThat(transitions).hasSize(2);
    assertThat(answers)
        .extracting(PathStatus::path, PathStatus::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(sync, PathState.UP),
            org.assertj.core.groups.Tuple.tuple(async, PathState.UP),
            org.assertj.core.groups.Tuple.tuple(sync, PathState.UP),
            org.assertj.core.groups.Tuple.tuple(async, PathState.UP));

    // A check in flight when the path is disabled: its answer is dropped, and not told.
    advance(INTERVAL);
    monitor.runOnce(); // sync answers, async starts
    assertThat(answers).hasSize(5);
    monitor.disable(async);
    monitor.enable(async);
    monitor.runOnce(); // collects the dropped answer
    assertThat(ScriptedCheckerProvider.checker(async).isInFlight()).isFalse();
    assertThat(answers).hasSize(5);
    assertThat(answers).noneMatch(answer -> answer.state() == PathState.PENDING);
  }

  @Test
  void theBuilderRejectsIntervalsThatMakeNoSense() {
    assertThatThrownBy(() -> PathMonitor.builder(registry).checkInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("check interval");
    assertThatThrownBy(() -> PathMonitor.builder(registry).pendingPollInterval(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PathMonitor.builder(registry).sharedWait(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                PathMonitor.builder(registry)
                    .checkInterval(Duration.ofSeconds(1))
                    .pendingPollInterval(Duration.ofSeconds(2))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pending poll interval");
  }
}
