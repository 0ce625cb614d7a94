package io.github.pathcheck.api;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * A skeletal {@link CheckerClass}: it keeps the set of live checkers, refuses unknown class options and per-path
 * properties, makes {@link #unload()} idempotent, frees the live checkers at unload, and counts the calls in
 * flight so that an unload during a call returns a {@linkplain UnloadResult#deferred deferred} result on its
 * own. An author extends it together with {@link AbstractChecker} and writes the probe.
 *
 * <pre>{@code
 * final class SysfsStateClass extends AbstractCheckerClass {
 *   SysfsStateClass(Map<String, String> classOptions) {
 *     super("sysfs-state", classOptions, Set.of());
 *   }
 *
 *   @Override
 *   protected AbstractChecker newChecker(PathDevice device, CheckerOptions options) {
 *     return new SysfsStateChecker(this, device);
 *   }
 * }
 * }</pre>
 *
 * <p><b>What a subclass writes.</b> {@link #newChecker} (called only while the class is loaded, with options
 * already validated), and if it has any: {@link #acceptedProperties()}, {@link #isAsyncCapable()} and {@link
 * CheckerClass#awaitAnswers}, {@link #onReset()} for what reset releases, {@link #onUnload()} for what the class
 * itself holds. It does not track checkers, freed or unloaded states: this class does.
 *
 * <p><b>Threading.</b> Thread-safe. The class's own lock is never held while calling a subclass's code, so a
 * subclass may take its own locks in any order. {@link #unload()} calls are serialised; {@link #onUnload()}
 * runs once, after the last call in flight on any of the class's checkers has returned: on the unloading
 * thread when there was none, otherwise on the thread whose call returned last.
 *
 * <p><b>After unload.</b> {@link #init} and {@link #reset()} throw {@link IllegalStateException}, and so does
 * every method of the class's checkers but {@link Checker#free()}.
 */
public abstract class AbstractCheckerClass implements CheckerClass {
  final Object lock = new Object();

  private final String name;
  private final Map<String, String> classOptions;
  private final Object unloadLock = new Object();

  private final Set<AbstractChecker> live = new LinkedHashSet<>(); // guarded by lock
  private boolean unloaded; // guarded by lock
  private int busyAtUnload; // guarded by lock; calls in flight at unload, not yet returned
  private CompletableFuture<Void> quiesced; // guarded by lock; set by an unload that found calls in flight
  private UnloadResult unloadResult; // guarded by unloadLock

  /**
   * Creates the class.
   *
   * @param name the checker's name, as its provider's {@link CheckerProvider#name()}
   * @param classOptions the options given to {@link CheckerProvider#load}
   * @param acceptedClassOptions the class options this checker knows
   * @throws IllegalArgumentException if {@code classOptions} holds a key not in {@code acceptedClassOptions};
   *     the message names the checker, the unknown keys and the accepted ones
   */
  protected AbstractCheckerClass(
      String name, Map<String, String> classOptions, Set<String> acceptedClassOptions) {
    this.name = Objects.requireNonNull(name, "name");
    this.classOptions = Map.copyOf(classOptions);
    Set<String> unknown = new TreeSet<>(this.classOptions.keySet());
    unknown.removeAll(acceptedClassOptions);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "the "
              + name
              + " checker has no class option "
              + unknown
              + (acceptedClassOptions.isEmpty()
                  ? "; it takes none"
                  : "; its class options are " + new TreeSet<>(acceptedClassOptions)));
    }
  }

  @Override
  public final String name() {
    return name;
  }

  /** Returns the class option {@code key}, or {@code defaultValue} when it was not given. */
  protected final String classOption(String key, String defaultValue) {
    return classOptions.getOrDefault(Objects.requireNonNull(key, "key"), defaultValue);
  }

  /** Returns false: checks of this class block until they have their answer. Override to say otherwise. */
  @Override
  public boolean isAsyncCapable() {
    return false;
  }

  /**
   * Returns the per-path properties ({@link CheckerOptions#properties()}) this checker knows; {@link #init}
   * refuses any other. Default: none.
   */
  protected Set<String> acceptedProperties() {
    return Set.of();
  }

  /**
   * Creates the checker of one path, for {@link #init}: the options hold only accepted properties, and the class
   * was loaded when the call began.
   *
   * @throws CheckerInitException if the checker cannot be set up for this device; nothing may be left behind
   */
  protected abstract AbstractChecker newChecker(PathDevice device, CheckerOptions options)
      throws CheckerInitException;

  /**
   * {@inheritDoc}
   *
   * <p>Checks the options against {@link #acceptedProperties()}, then calls {@link #newChecker} and adds the
   * checker to the live set.
   *
   * @throws IllegalArgumentException if {@code options} holds a property this checker does not know; the
   *     message names the path, the unknown properties and the accepted ones
   */
  @Override
  public final Checker init(PathDevice device, CheckerOptions options) throws CheckerInitException {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(options, "options");
    Set<String> accepted = acceptedProperties();
    Set<String> unknown = new TreeSet<>(options.properties().keySet());
    unknown.removeAll(accepted);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "the "
              + name
              + " checker for "
              + device.path()
              + " has no property "
              + unknown
              + (accepted.isEmpty()
                  ? "; it takes none"
                  : "; its properties are " + new TreeSet<>(accepted)));
    }
    requireLoaded("init the " + name + " checker for " + device.path());
    AbstractChecker checker = Objects.requireNonNull(newChecker(device, options), "newChecker returned null");
    if (checker.owner() != this) {
      checker.free();
      throw new IllegalStateException(
          "newChecker of the " + name + " checker returned a checker of another class");
    }
    boolean late;
    synchronized (lock) {
      late = unloaded;
      if (!late) {
        live.add(checker);
      }
    }
    if (late) {
      checker.releaseOnce();
      throw unloadedException("init the " + name + " checker for " + device.path());
    }
    return checker;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Calls {@link #onReset()}.
   */
  @Override
  public final void reset() {
    requireLoaded("reset the " + name + " checker class");
    onReset();
  }

  /**
   * Releases what no live checker uses, for {@link #reset()}; called only while the class is loaded, maybe
   * while its checkers are being checked. Default: nothing.
   */
  protected void onReset() {}

  /**
   * {@inheritDoc}
   *
   * <p>Frees every live checker that no call is running on at once; a checker with a call in flight is freed
   * when the call returns, and the result is then deferred until the last such call has returned and {@link
   * #onUnload()} has released what the class holds. A failure of a checker's release or of {@link #onUnload()}
   * is thrown after everything else was released, with later failures suppressed.
   */
  @Override
  public final UnloadResult unload() {
    synchronized (unloadLock) {
      if (unloadResult != null) {
        return unloadResult;
      }
      List<AbstractChecker> idle = new ArrayList<>();
      List<String> busy = new ArrayList<>();
      CompletableFuture<Void> waitForCalls = null;
      synchronized (lock) {
        unloaded = true;
        for (AbstractChecker checker : live) {
          if (checker.markFreedByUnload()) {
            idle.add(checker);
          } else {
            busy.add(checker.device().path().toString());
            busyAtUnload++;
          }
        }
        live.clear();
        if (busyAtUnload > 0) {
          waitForCalls = quiesced = new CompletableFuture<>();
        }
      }
      RuntimeException failure = null;
      for (AbstractChecker checker : idle) {
        failure = addFailure(failure, checker::releaseOnce);
      }
      if (waitForCalls == null) {
        UnloadResult[] own = new UnloadResult[1];
        failure = addFailure(failure, () -> own[0] = onUnload());
        unloadResult = own[0] == null ? UnloadResult.complete() : own[0];
      } else {
        unloadResult =
            UnloadResult.deferred(
                List.of(busy.size() + " " + name + " check(s) in flight on " + busy),
                waitForCalls.thenCompose(
                    ignored -> {
                      UnloadResult own = onUnload();
                      return own == null ? CompletableFuture.completedFuture(null) : own.released();
                    }));
      }
      if (failure != null) {
        throw failure;
      }
      return unloadResult;
    }
  }

  /**
   * Releases what the class itself holds (pools, shared contexts), once, for {@link #unload()}: after every
   * checker of the class was released. Default: nothing, {@link UnloadResult#complete()}.
   *
   * @return what was released, or what is still busy
   */
  protected UnloadResult onUnload() {
    return UnloadResult.complete();
  }

  /** Returns the number of checkers initialised and not freed. */
  protected final int liveCheckers() {
    synchronized (lock) {
      return live.size();
    }
  }

  /** Returns whether {@link #unload()} was called. */
  protected final boolean isUnloaded() {
    synchronized (lock) {
      return unloaded;
    }
  }

  void forget(AbstractChecker checker) {
    // Called under lock.
    live.remove(checker);
  }

  /** A call that was in flight at unload returned (called under lock); returns the stage to complete, if any. */
  CompletableFuture<Void> busyCallReturned() {
    if (--busyAtUnload == 0) {
      CompletableFuture<Void> done = quiesced;
      quiesced = null;
      return done;
    }
    return null;
  }

  boolean unloadedUnderLock() {
    return unloaded;
  }

  private void requireLoaded(String what) {
    synchronized (lock) {
      if (!unloaded) {
        return;
      }
    }
    throw unloadedException(what);
  }

  private IllegalStateException unloadedException(String what) {
    return new IllegalStateException(
        "cannot " + what + ": the class was unloaded; acquire the " + name + " checker again");
  }

  private static RuntimeException addFailure(RuntimeException first, Runnable action) {
    try {
      action.run();
      return first;
    } catch (RuntimeException e) {
      if (first == null) {
        return e;
      }
      first.addSuppressed(e);
      return first;
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return name + " checker class (" + live.size() + " live" + (unloaded ? ", unloaded)" : ")");
    }
  }
}
