package io.github.pathcheck.monitor;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.CheckerInitException;
import io.github.pathcheck.api.CheckerMessages;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.loader.CheckerHandle;
import io.github.pathcheck.loader.CheckerLoadException;
import io.github.pathcheck.loader.CheckerRegistry;
import io.github.pathcheck.loader.PathChecker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches paths with their checkers: multipathd's checker loop as a library, so hosts do not write it again.
 *
 * <pre>{@code
 * try (CheckerRegistry registry = CheckerRegistry.builder().build();
 *     PathMonitor monitor =
 *         PathMonitor.builder(registry)
 *             .listener((from, to) -> log.info("{}: {} -> {}", to.path(), from.state(), to.state()))
 *             .build()) {
 *   monitor.add(device, "directio", CheckerOptions.defaults().withTimeout(Duration.ofSeconds(5)));
 *   monitor.start();
 *   ...
 *   PathState state = monitor.status(device.path()).orElseThrow().state();
 * }
 * }</pre>
 *
 * <p><b>Rounds.</b> A round, run by the monitor's thread ({@link #start()}) or by the host ({@link
 * #runOnce()}), does what multipathd's checker loop does:
 *
 * <ol>
 *   <li>it calls {@link PathChecker#check()} on every path that is due, one after another; no call waits for a
 *       device: an asynchronous checker starts its check and answers {@link PathState#PENDING}, a synchronous
 *       one's check starts on its class's pool, answering pending until it returns;
 *   <li>if any checker that answered pending says {@link PathChecker#needWait()}, it waits <em>once</em>, at
 *       most the shared wait ({@link Builder#sharedWait}, 5 ms by default), not once per path ({@link
 *       PathChecker#awaitAnswers}): each class awaits its answers within that time, and the rest of it is
 *       slept only if some class cannot tell when its answers are ready (as multipathd sleeps for every
 *       checker), so directio ends the wait as soon as its reads are in;
 *   <li>it collects each pending answer with {@link PathChecker#pending()}, which never blocks.
 * </ol>
 *
 * <p>A path with a final answer is due again one check interval later ({@link Builder#checkInterval}, 5 s by
 * default). A path still pending is due again after the shorter pending poll interval ({@link
 * Builder#pendingPollInterval}, 1 s by default, multipathd's {@code tick = 1}), when {@link PathChecker#check()}
 * collects the check in flight, never starting a second. Each path's checker timeout, and whether its checks are
 * asynchronous, are its own {@link CheckerOptions}; a check past its timeout is answered {@link
 * PathState#TIMEOUT} and a hung one costs at most two pool threads, never the round.
 *
 * <p><b>States.</b> The monitor reports each path's last <em>final</em> answer as a {@link PathStatus}, which
 * says how {@link PathState#PENDING}, a path just added and a {@linkplain #disable disabled} path read. Every
 * other answer is reported as the checker gave it: unlike multipathd, which keeps the old state on {@link
 * PathState#WILD} and {@link PathState#UNCHECKED} and counts {@link PathState#REMOVED} and {@link
 * PathState#DISCONNECTED} as {@link PathState#DOWN}, the monitor does not rewrite them, so a health check sees
 * why. A checker that throws (a plugin bug) does not stop the loop: the path is reported {@link
 * PathState#UNCHECKED} with a message naming the exception, which is logged, and is checked again next
 * interval. A path just added is due at once. {@link PathTransitionListener}s are told of every change of
 * state, on the round's thread, after the round's checks.
 *
 * <p>Every call into a checker goes through its {@link PathChecker}, with the plugin's own class loader as the
 * thread's context class loader. {@link PathAnswerListener}s are told of every final answer with its latency.
 *
 * <p><b>Ownership.</b> The host owns the {@link CheckerRegistry} and every {@link PathDevice}: the monitor
 * never closes either, and the host keeps each device open until the path is removed or the monitor closed,
 * and the registry open until the monitor is closed. The monitor owns what it creates for a path: the {@link
 * CheckerHandle} it acquires and the {@link PathChecker} it inits. {@link #remove} and {@link #close()} free those
 * checkers and close those handles; the last handle of a class closed unloads the class.
 *
 * <p><b>Threading.</b> Thread-safe: {@link #add}, {@link #remove}, {@link #disable}, {@link #enable}, {@link
 * #status}, {@link #snapshot} and {@link #close()} may be called from any thread while a round runs, also from
 * a listener. {@link #status} and {@link #snapshot} never block and do no I/O. Rounds never overlap: a {@link
 * #runOnce()} called while another round runs waits for it. No call waits for a device: {@link #add} at most
 * the path's checker timeout (a blocking init runs on the class's pool), {@link #remove} and {@link #close()} at
 * most one round (which lasts the shared wait and its listeners); a checker whose call is still running is freed
 * when the call returns.
 *
 * <p><b>After close.</b> {@link #close()} stops the thread (waiting for the round in progress, unless called
 * from that thread), frees every checker, closes every handle, and drops transitions not yet delivered.
 * Afterwards {@link #add}, {@link #start()} and {@link #runOnce()} throw {@link IllegalStateException}; {@link
 * #remove}, {@link #disable} and {@link #enable} return false; {@link #status} is empty and {@link
 * #snapshot()} empty.
 */
public final class PathMonitor implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(PathMonitor.class);

  private final CheckerRegistry registry;
  private final long checkIntervalNanos;
  private final String threadName;
  private final CheckRound round;
  private final LongSupplier ticker;

  private final Map<Path, MonitoredPath> paths = new ConcurrentHashMap<>();
  private final Queue<Transition> transitions = new ConcurrentLinkedQueue<>();
  private final Releases releasing = new Releases();
  private final ReentrantLock roundLock = new ReentrantLock();
  private final Object lifecycle = new Object();

  private volatile boolean closed; // written under lifecycle
  private MonitorThread thread; // guarded by lifecycle

  private PathMonitor(Builder builder) {
    this.registry = builder.registry;
    this.checkIntervalNanos = builder.checkInterval.toNanos();
    this.threadName = builder.threadName;
    this.ticker = builder.ticker;
    this.round = new CheckRound(transitions, builder, () -> closed);
  }

  /**
   * Returns a builder of a monitor whose checkers come from {@code registry}, which the host keeps open
   * until after it closes the monitor.
   */
  public static Builder builder(CheckerRegistry registry) {
    return new Builder(Objects.requireNonNull(registry, "registry"));
  }

  /**
   * Configures and builds a {@link PathMonitor}. Not thread-safe; the monitor it builds does not share
   * anything with it.
   */
  public static final class Builder {
    // Read by PathMonitor and CheckRound when the monitor is built.
    final CheckerRegistry registry;
    Duration checkInterval = Duration.ofSeconds(5);
    Duration pendingPollInterval = Duration.ofSeconds(1);
    Duration sharedWait = Duration.ofMillis(5);
    String threadName = "pathcheck-monitor";
    final List<PathTransitionListener> listeners = new ArrayList<>();
    final List<PathAnswerListener> answerListeners = new ArrayList<>();
    LongSupplier ticker = System::nanoTime;
    Clock clock = Clock.systemUTC();
    Sleeper sleeper = Sleeper.REAL;

    private Builder(CheckerRegistry registry) {
      this.registry = registry;
    }

    /**
     * Sets how long after a final answer a path is checked again (multipathd's {@code polling_interval}).
     * Default 5 seconds.
     *
     * @throws IllegalArgumentException if {@code interval} is zero or negative
     */
    public Builder checkInterval(Duration interval) {
      this.checkInterval = positive(interval, "check interval");
      return this;
    }

    /**
     * Sets how soon a path whose check is still pending is polled again. Default 1 second. It must not
     * exceed the check interval ({@link #build()} checks).
     *
     * @throws IllegalArgumentException if {@code interval} is zero or negative
     */
    public Builder pendingPollInterval(Duration interval) {
      this.pendingPollInterval = positive(interval, "pending poll interval");
      return this;
    }

    /**
     * Sets the longest wait of a round in which some checker {@linkplain PathChecker#needWait() needs a wait},
     * before pending answers are collected: classes that {@linkplain PathChecker#awaitAnswers await their
     * answers} end it sooner. Default 5 milliseconds, as multipathd; zero waits not at all.
     *
     * @throws IllegalArgumentException if {@code wait} is negative
     */
    public Builder sharedWait(Duration wait) {
      Objects.requireNonNull(wait, "wait");
      if (wait.isNegative()) {
        throw new IllegalArgumentException("shared wait must not be negative, got " + wait);
      }
      this.sharedWait = wait;
      return this;
    }

    /** Sets the name of the thread {@link PathMonitor#start()} starts. Default {@code "pathcheck-monitor"}. */
    public Builder threadName(String name) {
      this.threadName = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Adds a listener told of every transition, in the order listeners were added. Repeatable. */
    public Builder listener(PathTransitionListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Adds a listener told of every final answer, with its latency, in the order listeners were added.
     * Repeatable.
     */
    public Builder answerListener(PathAnswerListener listener) {
      answerListeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Sets the monotonic time source, in nanoseconds, that decides when paths are due and how long checks
     * take. Default {@link System#nanoTime()}. Tests give a fake and drive rounds with {@link
     * PathMonitor#runOnce()}; the thread of {@link PathMonitor#start()} still waits in real time between
     * rounds.
     */
    public Builder ticker(LongSupplier nanoTime) {
      this.ticker = Objects.requireNonNull(nanoTime, "nanoTime");
      return this;
    }

    /**
     * Sets the clock read once, when the monitor is built, to turn ticker readings into the {@link Instant}s
     * of {@link PathStatus}. Default {@link Clock#systemUTC()}.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Test seam: how the shared wait is waited. */
    Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Builds the monitor. It watches no path and runs no thread yet.
     *
     * @throws IllegalArgumentException if the pending poll interval exceeds the check interval
     */
    public PathMonitor build() {
      if (pendingPollInterval.compareTo(checkInterval) > 0) {
        throw new IllegalArgumentException(
            "pending poll interval "
                + pendingPollInterval
                + " exceeds the check interval "
                + checkInterval
                + "; pending paths are polled sooner, not later");
      }
      return new PathMonitor(this);
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(what + " must be positive, got " + d);
      }
      return d;
    }
  }

  /**
   * Starts watching a path: acquires the checker class {@code checkerName} from the registry and inits a
   * checker for {@code device} with {@code options} (on the calling thread: an init may do I/O). The path is
   * {@link PathState#UNCHECKED} until its first check, which the next round runs.
   *
   * @throws IllegalArgumentException if a path of the same name ({@link PathDevice#path()}) is already
   *     watched, or the checker rejects {@code options}
   * @throws java.util.NoSuchElementException if the registry has no checker of that name
   * @throws CheckerLoadException if the checker class fails to load
   * @throws CheckerInitException if the checker cannot be set up for this device
   * @throws IllegalStateException if the monitor or the registry is closed
   */
  public void add(PathDevice device, String checkerName, CheckerOptions options)
      throws CheckerInitException {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(checkerName, "checkerName");
    Objects.requireNonNull(options, "options");
    Path path = Objects.requireNonNull(device.path(), "device.path()");
    ensureOpen("add " + path);
    if (paths.containsKey(path)) {
      throw alreadyWatched(path);
    }
    long now = ticker.getAsLong();
    MonitoredPath entry = MonitoredPath.open(registry, device, checkerName, options, now, round.instantAt(now));
    boolean added;
    synchronized (lifecycle) {
      added = !closed && paths.putIfAbsent(path, entry) == null;
      if (added) {
        round.schedule(entry); // under the lock, so that close (which clears the schedule) comes after
      }
    }
    if (!added) {
      releasing.add(entry.release());
      if (closed) {
        throw new IllegalStateException("cannot add " + path + ": the path monitor is closed");
      }
      throw alreadyWatched(path);
    }
    logger.debug("Watching {} with the {} checker", path, checkerName);
    wake();
  }

  private static IllegalArgumentException alreadyWatched(Path path) {
    return new IllegalArgumentException(
        path + " is already watched; remove it before adding it again");
  }

  /**
   * Stops watching a path: frees its checker (after a call in progress on it returns) and closes its
   * handle. Transitions of the path already queued are still delivered.
   *
   * @return whether the path was watched
   */
  public boolean remove(Path path) {
    Objects.requireNonNull(path, "path");
    MonitoredPath entry = paths.remove(path);
    if (entry == null) {
      return false;
    }
    entry.markRemoved();
    round.forgetRemoved();
    releasing.add(entry.release());
    logger.debug("Stopped watching {}", path);
    return true;
  }

  /**
   * Disables a path's checker, as multipath's "fail path": the path is reported {@link PathState#UNCHECKED}
   * with {@link CheckerMessages#DISABLED} at once, is not checked until {@link #enable}d, and the answer of
   * any check started before never counts, even if it comes after a later {@link #enable}, so it cannot
   * reinstate the path. The transition is delivered by the next round. Nothing happens to a path already
   * disabled.
   *
   * @return whether the path is watched
   */
  public boolean disable(Path path) {
    MonitoredPath entry = paths.get(Objects.requireNonNull(path, "path"));
    if (entry == null) {
      return false;
    }
    Instant at = round.instantAt(ticker.getAsLong());
    if (entry.disable(
        status -> status.setByHost(CheckResult.DISABLED, at), transitions)) {
      wake();
    }
    return true;
  }

  /**
   * Enables a disabled path's checker, as multipath's "reinstate": the path stays {@link
   * PathState#UNCHECKED} until its next check, which is due at once. Nothing happens to a path not disabled.
   *
   * @return whether the path is watched
   */
  public boolean enable(Path path) {
    MonitoredPath entry = paths.get(Objects.requireNonNull(path, "path"));
    if (entry == null) {
      return false;
    }
    if (entry.enable(ticker.getAsLong())) {
      synchronized (lifecycle) {
        if (!closed) {
          round.schedule(entry);
        }
      }
      wake();
    }
    return true;
  }

  /** Returns the status of a watched path, without blocking or I/O; empty if it is not watched. */
  public Optional<PathStatus> status(Path path) {
    MonitoredPath entry = paths.get(Objects.requireNonNull(path, "path"));
    return entry == null ? Optional.empty() : Optional.of(entry.status());
  }

  /**
   * Returns the status of every watched path, sorted by path, without blocking or I/O. Each status is the
   * path's latest; the map is a copy, unmodifiable, and does not change afterwards.
   */
  public Map<Path, PathStatus> snapshot() {
    Map<Path, PathStatus> copy = new TreeMap<>();
    for (MonitoredPath entry : paths.values()) {
      copy.put(entry.path, entry.status());
    }
    return Collections.unmodifiableMap(copy);
  }

  /**
   * Returns a stage that completes once every checker the monitor has closed so far (by {@link #remove}, by
   * {@link #close()}) is freed and no call on it runs: at once, unless a check is stuck in a device. A host
   * closes a removed path's device only after it completes, since a stuck check still uses the descriptor
   * (see {@link PathChecker#released()}). It never completes exceptionally.
   */
  public CompletionStage<Void> whenCheckersReleased() {
    return releasing.allReleased();
  }

  /**
   * Starts the monitor's thread, a daemon thread named as the builder says, which runs rounds until the
   * monitor is closed, waiting between them until the next path is due, or a path is added, disabled or
   * enabled.
   *
   * @throws IllegalStateException if the thread was started already, or the monitor is closed
   */
  public void start() {
    synchronized (lifecycle) {
      ensureOpen("start");
      if (thread != null) {
        throw new IllegalStateException("the path monitor's thread " + thread.name() + " is started already");
      }
      thread = new MonitorThread(threadName, this::roundOnThread, () -> closed, checkIntervalNanos);
      thread.start();
    }
  }

  /**
   * Runs one round on the calling thread: checks every path that is due, waits the shared wait once if a
   * checker needs it, collects pending answers, and tells the listeners of the transitions. For tests and for
   * hosts with their own scheduler; safe to call while the monitor's thread runs (rounds take turns).
   *
   * @return how long until the next path is due: zero if one is due already, at most the check interval
   * @throws IllegalStateException if the monitor is closed, or if called from a listener (a round cannot run
   *     inside a round)
   */
  public Duration runOnce() {
    ensureOpen("run a round");
    if (roundLock.isHeldByCurrentThread()) {
      throw new IllegalStateException(
          "cannot run a round from a path transition listener: the round that calls it is still running");
    }
    roundLock.lock();
    try {
      return Duration.ofNanos(round.run());
    } finally {
      roundLock.unlock();
      clearScheduleIfClosed();
    }
  }

  /**
   * Stops the thread, frees every checker and closes every handle the monitor took; see the class
   * documentation. Never closes the registry or a device. Idempotent.
   */
  @Override
  public void close() {
    MonitorThread loopThread;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      loopThread = thread;
    }
    wake();
    // Not from the loop thread itself, nor from a listener of a round on another thread: that round holds the
    // round lock the loop thread may be waiting for, so the join would never return. The loop thread runs no
    // round once closed is set, and ends by itself.
    if (loopThread != null && !loopThread.isCurrentThread() && !roundLock.isHeldByCurrentThread()) {
      loopThread.join();
    }
    for (Path path : new ArrayList<>(paths.keySet())) {
      remove(path);
    }
    transitions.clear();
    clearScheduleIfClosed();
    logger.debug("Closed the path monitor");
  }

  private void ensureOpen(String what) {
    if (closed) {
      throw new IllegalStateException("cannot " + what + ": the path monitor is closed");
    }
  }

  private void wake() {
    MonitorThread started;
    synchronized (lifecycle) {
      started = thread;
    }
    if (started != null) {
      started.wake();
    }
  }

  /** A round for the monitor's thread: under the round lock, none once closed. */
  private long roundOnThread() {
    roundLock.lock();
    try {
      return closed ? 0 : round.run();
    } finally {
      roundLock.unlock();
      clearScheduleIfClosed();
    }
  }

  /**
   * Once the monitor is closed, forgets the round's schedule (which would keep the removed paths' checkers),
   * unless a round on another thread holds the round lock: that round's thread does it after its unlock, as
   * every round does. So whichever of a close and a racing round ends last clears it.
   */
  private void clearScheduleIfClosed() {
    if (closed && roundLock.tryLock()) {
      try {
        round.clearSchedule();
      } finally {
        roundLock.unlock();
      }
    }
  }

  @Override
  public String toString() {
    return "PathMonitor[" + paths.size() + " paths" + (closed ? ", closed]" : "]");
  }
}
