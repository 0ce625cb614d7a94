package io.github.pathcheck.testkit;

import static io.github.pathcheck.testkit.CheckerContractKit.MARGIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.api.UnloadResult;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * What one test of a {@link CheckerContractKit} made and the steps its contracts share: load a class, open a
 * device, init a checker, check until the answer is final, unload and await the release; everything made is
 * tracked and released after the test, also when it fails. The hooks are the kit's, read each time.
 */
final class KitFixture {
  /** How many garbage collections the kit runs before it calls an object held. */
  static final int GC_ATTEMPTS = 20;

  /** How long the kit waits between two polls of an answer or a resource. */
  static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  /** How long the kit lets the collector clear references after each garbage collection it asks for. */
  private static final long GC_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private static final String NEVER_NULL =
      " (rule: check() and pending() always answer a CheckResult; fix: answer CheckResult.UNCHECKED, or down with"
          + " a message, for an answer the checker cannot classify)";

  private final CheckerContractKit kit;

  /** What to release after each test, newest first: checkers, then devices, then classes. */
  private final List<AutoCloseable> cleanup = Collections.synchronizedList(new ArrayList<>());

  /** The hanging devices of the test, released before anything is closed so that stuck calls return. */
  private final List<HangingDevice> hanging = Collections.synchronizedList(new ArrayList<>());

  KitFixture(CheckerContractKit kit) {
    this.kit = kit;
  }

  // The kit's hooks, as the contracts read them.

  CheckerProvider provider() {
    return kit.provider();
  }

  boolean isAsyncCapable() {
    return kit.isAsyncCapable();
  }

  boolean needsBlockDevice() {
    return kit.needsBlockDevice();
  }

  Map<String, String> classOptions() {
    return kit.classOptions();
  }

  CheckerOptions checkerOptions() {
    return kit.checkerOptions();
  }

  PathState expectedState() {
    return kit.expectedState();
  }

  Optional<Path> pluginJar() {
    return kit.pluginJar();
  }

  List<DeviceScenario> deviceScenarios() {
    return kit.deviceScenarios();
  }

  String checkerName() {
    return kit.checkerName();
  }

  /** How long the kit waits for an answer, a release or a call to return: the checker timeout plus the margin. */
  Duration answerBound() {
    return checkerOptions().timeout().plus(MARGIN);
  }

  /** The temporary directory of the test. */
  Path scratchDirectory() {
    return kit.scratchDirectory;
  }

  /** The class loader of the test class, the author's subclass of the kit. */
  ClassLoader testClassLoader() {
    return kit.getClass().getClassLoader();
  }

  // What a test makes, each tracked to be released after it.

  CheckerClass load() {
    CheckerClass checkerClass = provider().load(classOptions());
    assertThat(checkerClass).as("CheckerProvider.load() result").isNotNull();
    track(checkerClass::unload);
    return checkerClass;
  }

  TestDevice device() throws Exception {
    TestDevice device = kit.newDevice(scratchDirectory());
    assertThat(device).as("newDevice() result").isNotNull();
    track(device);
    return device;
  }

  Checker init(CheckerClass checkerClass, CheckerOptions options) throws Exception {
    return init(checkerClass, device(), options);
  }

  Checker init(CheckerClass checkerClass, PathDevice device, CheckerOptions options) throws Exception {
    Checker checker = checkerClass.init(device, options);
    assertThat(checker).as("CheckerClass.init() result").isNotNull();
    track(checker::free);
    return checker;
  }

  UnloadResult unload(CheckerClass checkerClass) {
    UnloadResult result = checkerClass.unload();
    assertThat(result).as("CheckerClass.unload() result").isNotNull();
    return result;
  }

  void track(AutoCloseable resource) {
    cleanup.add(resource);
  }

  /**
   * Opens a device of the scenario, tracked; a hanging one is released before anything is closed. A checker that
   * needs a block device gets a loop device: the kit's {@code requirePrivileges} made sure the test runs as root.
   */
  TestDevice scenarioDevice(DeviceScenario scenario) throws Exception {
    TestDevice device = scenario.open(scratchDirectory(), needsBlockDevice());
    track(device);
    if (device instanceof DeviceScenario.HangingTestDevice) {
      hanging.add(((DeviceScenario.HangingTestDevice) device).hanging());
    }
    return device;
  }

  /** Lets the reads held by the test's hanging devices return: each one's, also when another's release fails. */
  void releaseHanging() throws IOException {
    List<AutoCloseable> releases = new ArrayList<>();
    synchronized (hanging) {
      for (HangingDevice device : hanging) {
        releases.add(device::release);
      }
    }
    Closing.inReverse(releases, IOException.class);
  }

  // Answers and releases.

  /** Checks, and polls {@code pending()} while the answer is pending; returns the final answer. */
  CheckResult resolve(Checker checker) {
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

  /** Polls {@code pending()} while the answer is pending, at most {@link #answerBound()}. */
  CheckResult awaitFinal(Checker checker, CheckResult first) {
    CheckResult answer =
        pollWhilePending(
            first,
            () -> answering("pending()", checker::pending),
            "pending() must answer a result, not null" + NEVER_NULL,
            polls ->
                "the check never resolved: pending() still answered pending after "
                    + polls
                    + " polls over "
                    + answerBound().toSeconds()
                    + " s (the checker timeout "
                    + checkerOptions().timeout().toSeconds()
                    + " s plus the kit's margin); a checker must answer a final state (down or timeout) once"
                    + " its timeout has passed");
    assertFinalMessage(answer, answer == first ? "check()" : "pending()");
    return answer;
  }

  /**
   * Calls {@code pending} while the answer is pending, every {@link #POLL_NANOS}, at most {@link
   * #answerBound()}; returns the first final answer.
   *
   * @param notNull the failure message for a null answer
   * @param neverResolved the failure message when the bound passes, given the number of polls
   */
  <E extends Exception> CheckResult pollWhilePending(
      CheckResult first, Poll<E> pending, String notNull, IntFunction<String> neverResolved) throws E {
    long deadline = System.nanoTime() + answerBound().toNanos();
    CheckResult answer = first;
    int polls = 0;
    while (answer.isPending()) {
      if (System.nanoTime() - deadline > 0) {
        fail(neverResolved.apply(polls));
      }
      LockSupport.parkNanos(POLL_NANOS);
      answer = pending.call();
      polls++;
      assertThat(answer).as(notNull).isNotNull();
    }
    return answer;
  }

  /** One call of {@code pending()}, as a contract makes it. */
  @FunctionalInterface
  interface Poll<E extends Exception> {
    CheckResult call() throws E;
  }

  /**
   * Runs garbage collections, at most {@link #GC_ATTEMPTS}, until every reference is cleared; returns how many
   * are not.
   */
  static long collectUntilCleared(Collection<? extends Reference<?>> references) {
    long held = stillReferenced(references);
    for (int attempt = 0; attempt < GC_ATTEMPTS && held > 0; attempt++) {
      System.gc();
      LockSupport.parkNanos(GC_PAUSE_NANOS);
      held = stillReferenced(references);
    }
    return held;
  }

  private static long stillReferenced(Collection<? extends Reference<?>> references) {
    return references.stream().filter(r -> !r.refersTo(null)).count();
  }

  /** A final answer's message follows the checker's name: it is empty or starts with a space. */
  static void assertFinalMessage(CheckResult answer, String call) {
    String message = answer.message();
    boolean followsTheName = message != null && (message.isEmpty() || message.charAt(0) == ' ');
    assertThat(followsTheName)
        .as(
            "the message of the final answer %s of %s must be empty or start with a space (it follows the"
                + " checker's name: \"<device>: <name> checker<message>\")",
            answer, call)
        .isTrue();
  }

  void awaitReleased(UnloadResult result) throws Exception {
    awaitStage(result.released(), "UnloadResult.released() of " + result);
  }

  /** Awaits the stage at most {@link #answerBound()}; fails naming {@code what}. */
  void awaitStage(CompletionStage<Void> stage, String what) throws Exception {
    Duration bound = answerBound();
    try {
      stage.toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      fail(what + " did not complete within " + bound.toSeconds() + " s (checker timeout plus margin)");
    } catch (ExecutionException e) {
      throw new AssertionError(what + " completed exceptionally: " + e.getCause(), e.getCause());
    }
  }

  // After the test.

  /**
   * Releases the hanging devices' reads, then closes what the test made, newest first, each close bounded by
   * the checker timeout plus the kit's margin: a close that never returns is reported with a thread dump and
   * left behind, and the next one is closed all the same, so devices are detached also after a deadlock.
   */
  void releaseEverything() throws Exception {
    List<AutoCloseable> toRelease;
    synchronized (cleanup) {
      toRelease = new ArrayList<>(cleanup);
      cleanup.clear();
    }
    List<AutoCloseable> all = new ArrayList<>();
    for (AutoCloseable resource : toRelease) {
      all.add(() -> closeWithin(resource));
    }
    all.add(this::releaseHanging); // the last, so closed first: the reads it holds return before any close
    try {
      Closing.inReverse(all, Exception.class);
    } finally {
      hanging.clear();
    }
  }

  private void closeWithin(AutoCloseable resource) throws Exception {
    Duration bound = answerBound();
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
}
