package io.github.pathcheck.loader;

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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A host (class path) provider, "scripted", of a fake asynchronous-capable checker the tests steer, registered
 * through src/test/resources/META-INF/services. Counters are static: call {@link #resetCounters()} first, and
 * give each test's paths names of their own.
 *
 * <p>Per-path properties: {@code answer}, the final state's display name ({@code "up"} by default);
 * {@code pendingPolls}, how many {@code pending()} calls of an asynchronous check answer {@code PENDING}
 * before the check ends (0 by default); {@code throwIn}, a method that throws ({@code check}, {@code pending},
 * {@code needWait}); {@code failInit}, {@code true} to make init throw {@link CheckerInitException}; {@code
 * gated}, {@code true} to make every {@code check()} block, ignoring interrupts, until the test opens the
 * {@link #gate} (a hung device). The test changes answer and throwIn later through {@link #checker(Path)}.
 * Every answer carries multipath's generic message of its state.
 *
 * <p>An asynchronous check behaves as directio's: {@code check()} submits and answers {@code PENDING};
 * {@code check()} while in flight submits nothing and answers {@code PENDING}; {@code needWait()} is true
 * only for a check nobody looked at since it was submitted; the check ends on the {@code pendingPolls + 1}-th
 * {@code pending()} call, which answers the final state.
 */
public final class ScriptedCheckerProvider implements CheckerProvider {
  public static final AtomicInteger loads = new AtomicInteger();
  public static final AtomicInteger unloads = new AtomicInteger();
  public static final AtomicInteger inits = new AtomicInteger();
  public static final AtomicInteger frees = new AtomicInteger();
  public static final List<String> violations = new CopyOnWriteArrayList<>();
  /** The {@code maxWait} of every {@code awaitAnswers} call of a scripted class. */
  public static final List<Duration> awaitCalls = new CopyOnWriteArrayList<>();
  /**
   * What {@code awaitAnswers} does: {@code "cannot"} answers false (the default's behaviour), {@code
   * "awaits"} answers true, {@code "throws"} throws.
   */
  public static volatile String awaitAnswers = "cannot";
  /** What the checks of {@code gated} checkers wait for; open (count zero) unless a test closes it. */
  public static volatile CountDownLatch gate = new CountDownLatch(0);
  /** How many checks of {@code gated} checkers reached the gate. */
  public static final AtomicInteger gatedChecks = new AtomicInteger();
  private static final Map<Path, ScriptedChecker> checkers = new ConcurrentHashMap<>();

  /** Creates the provider; ServiceLoader needs a public no-argument constructor. */
  public ScriptedCheckerProvider() {}

  public static void resetCounters() {
    loads.set(0);
    unloads.set(0);
    inits.set(0);
    frees.set(0);
    violations.clear();
    checkers.clear();
    awaitCalls.clear();
    awaitAnswers = "cannot";
    gate = new CountDownLatch(0);
    gatedChecks.set(0);
  }

  /** Returns the checker last initialised for {@code path}. */
  public static ScriptedChecker checker(Path path) {
    ScriptedChecker checker = checkers.get(path);
    if (checker == null) {
      throw new AssertionError("no scripted checker was initialised for " + path);
    }
    return checker;
  }

  @Override
  public String name() {
    return "scripted";
  }

  @Override
  public CheckerClass load(Map<String, String> classOptions) {
    loads.incrementAndGet();
    return new ScriptedClass();
  }

  public static final class ScriptedClass implements CheckerClass {
    private final AtomicBoolean unloaded = new AtomicBoolean();

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public boolean isAsyncCapable() {
      return true;
    }

    @Override
    public Checker init(PathDevice device, CheckerOptions options) throws CheckerInitException {
      if (unloaded.get()) {
        throw new IllegalStateException("scripted class unloaded");
      }
      for (String key : options.properties().keySet()) {
        if (!Set.of("answer", "pendingPolls", "throwIn", "failInit", "gated").contains(key)) {
          throw new IllegalArgumentException("scripted checker: unknown property " + key);
        }
      }
      if (Boolean.parseBoolean(options.property("failInit", "false"))) {
        throw new CheckerInitException("scripted checker cannot be set up for " + device.path());
      }
      ScriptedChecker checker =
          new ScriptedChecker(
              device.path(),
              options.mode() == CheckMode.ASYNC,
              state(options.property("answer", "up")),
              Integer.parseInt(options.property("pendingPolls", "0")),
              options.property("throwIn", ""),
              Boolean.parseBoolean(options.property("gated", "false")));
      inits.incrementAndGet();
      checkers.put(device.path(), checker);
      return checker;
    }

    @Override
    public boolean awaitAnswers(Duration maxWait) {
      awaitCalls.add(maxWait);
      switch (awaitAnswers) {
        case "awaits":
          return true;
        case "throws":
          throw new IllegalStateException("scripted awaitAnswers failure");
        default:
          return false;
      }
    }

    @Override
    public void reset() {}

    @Override
    public UnloadResult unload() {
      if (unloaded.compareAndSet(false, true)) {
        unloads.incrementAndGet();
      }
      return UnloadResult.complete();
    }
  }

  public static PathState state(String displayName) {
    for (PathState state : PathState.values()) {
      if (state.displayName().equals(displayName)) {
        return state;
      }
    }
    throw new IllegalArgumentException("no state " + displayName);
  }

  /** The fake checker. Its methods record a violation when called concurrently or after free. */
  public static final class ScriptedChecker implements Checker {
    private final Path path;
    private final boolean async;
    private final int pendingPolls;
    private final boolean gated;
    private final AtomicBoolean inCall = new AtomicBoolean();

    private volatile PathState answer;
    private volatile String throwIn;
    private volatile Runnable onCheck = () -> {};
    private volatile boolean freed;

    // touched inside calls only (one at a time, checked by inCall)
    private boolean inFlight;
    private boolean lookedAt;
    private int pollsLeft;
    private PathState last = PathState.UNCHECKED;

  public   final AtomicInteger submits = new AtomicInteger();
  public   final AtomicInteger checks = new AtomicInteger();
  public   final AtomicInteger pendings = new AtomicInteger();

    ScriptedChecker(
        Path path, boolean async, PathState answer, int pendingPolls, String throwIn, boolean gated) {
      this.path = path;
      this.gated = gated;
      this.async = async;
      this.answer = answer;
      this.pendingPolls = pendingPolls;
      this.throwIn = throwIn;
    }

    public void answer(PathState state) {
      this.answer = state;
    }

    public void throwIn(String method) {
      this.throwIn = method;
    }

    /** Runs {@code action} at the start of each {@code check()}, on the checking thread. */
    public void onCheck(Runnable action) {
      this.onCheck = action;
    }

    public boolean isFreed() {
      return freed;
    }

    public boolean isInFlight() {
      enter("isInFlight");
      try {
        return inFlight;
      } finally {
        exit();
      }
    }

    @Override
    public CheckResult check() {
      enter("check");
      try {
        if (gated) {
          gatedChecks.incrementAndGet();
          awaitGateIgnoringInterrupts();
        }
        onCheck.run();
        checks.incrementAndGet();
        maybeThrow("check");
        if (inFlight) {
          lookedAt = true;
          return CheckResult.PENDING;
        }
        submits.incrementAndGet();
        if (!async) {
          last = answer;
          return result(last);
        }
        inFlight = true;
        lookedAt = false;
        pollsLeft = pendingPolls;
        return CheckResult.PENDING;
      } finally {
        exit();
      }
    }

    @Override
    public CheckResult pending() {
      enter("pending");
      try {
        pendings.incrementAndGet();
        maybeThrow("pending");
        if (!inFlight) {
          return result(last);
        }
        lookedAt = true;
        if (pollsLeft > 0) {
          pollsLeft--;
          return CheckResult.PENDING;
        }
        inFlight = false;
        last = answer;
        return result(last);
      } finally {
        exit();
      }
    }

    @Override
    public boolean needWait() {
      enter("needWait");
      try {
        maybeThrow("needWait");
        return inFlight && !lookedAt;
      } finally {
        exit();
      }
    }

    private static CheckResult result(PathState state) {
      return CheckResult.of(state, CheckerMessages.forState(state));
    }

    private static void awaitGateIgnoringInterrupts() {
      boolean interrupted = false;
      while (true) {
        try {
          gate.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // a hung device does not care
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void free() {
      if (inCall.get()) {
        violations.add("free() called during another call on " + path);
      }
      if (!freed) {
        freed = true;
        frees.incrementAndGet();
      }
    }

    private void maybeThrow(String method) {
      if (method.equals(throwIn)) {
        throw new IllegalStateException("scripted failure in " + method + " for " + path);
      }
    }

    private void enter(String method) {
      if (freed) {
        violations.add(method + "() called after free on " + path);
        throw new IllegalStateException("scripted checker for " + path + " was freed");
      }
      if (!inCall.compareAndSet(false, true)) {
        violations.add(method + "() called concurrently with another call on " + path);
      }
    }

    private void exit() {
      inCall.set(false);
    }
  }
}
