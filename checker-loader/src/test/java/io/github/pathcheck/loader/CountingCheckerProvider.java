package io.github.pathcheck.loader;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.UnloadResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A host (class path) provider, "counting", that records its loads, unloads and resets, and every overlap it
 * should never see: two classes loaded at once, a load or unload running while another one runs, a checker
 * initialised on a class already unloaded (its holder's class was unloaded under it). Registered
 * through src/test/resources/META-INF/services. Counters are static: call {@link #resetCounters()} first.
 */
public final class CountingCheckerProvider implements CheckerProvider {
  public static final AtomicInteger loads = new AtomicInteger();
  public static final AtomicInteger unloads = new AtomicInteger();
  public static final AtomicInteger resets = new AtomicInteger();
  public static final AtomicInteger live = new AtomicInteger();
  public static final AtomicInteger inLifecycle = new AtomicInteger();
  public static final List<String> violations = new CopyOnWriteArrayList<>();
  public static final AtomicReference<Map<String, String>> lastOptions = new AtomicReference<>();
  /** The class the last load returned: what a handle holder's checkers come from. */
  public static final AtomicReference<CountingClass> lastLoaded = new AtomicReference<>();

  /** Creates the provider; ServiceLoader needs a public no-argument constructor. */
  public CountingCheckerProvider() {}

  public static void resetCounters() {
    loads.set(0);
    unloads.set(0);
    resets.set(0);
    live.set(0);
    inLifecycle.set(0);
    violations.clear();
    lastOptions.set(null);
    lastLoaded.set(null);
  }

  @Override
  public String name() {
    return "counting";
  }

  @Override
  public CheckerClass load(Map<String, String> classOptions) {
    enter("load");
    try {
      lastOptions.set(classOptions);
      loads.incrementAndGet();
      if (live.incrementAndGet() != 1) {
        violations.add("a second class was loaded while one was live");
      }
      Thread.yield(); // widen the window in which a racing load or unload would overlap
      CountingClass cls = new CountingClass();
      lastLoaded.set(cls);
      return cls;
    } finally {
      exit();
    }
  }

  private static void enter(String what) {
    if (inLifecycle.incrementAndGet() != 1) {
      violations.add(what + " overlapped another load or unload");
    }
  }

  private static void exit() {
    inLifecycle.decrementAndGet();
  }

  /** The counting class; {@link #isUnloaded()} tells a handle holder its class was unloaded under it. */
  public static final class CountingClass implements CheckerClass {
    private final AtomicBoolean unloaded = new AtomicBoolean();

    public boolean isUnloaded() {
      return unloaded.get();
    }

    @Override
    public String name() {
      return "counting";
    }

    @Override
    public boolean isAsyncCapable() {
      return false;
    }

    @Override
    public Checker init(PathDevice device, CheckerOptions options) {
      if (unloaded.get()) {
        violations.add("init of " + device.path() + " on an unloaded class");
        throw new IllegalStateException("counting class unloaded");
      }
      return new Checker() {
        @Override
        public CheckResult check() {
          return CheckResult.UP;
        }

        @Override
        public CheckResult pending() {
          return CheckResult.UP;
        }

        @Override
        public boolean needWait() {
          return false;
        }

        @Override
        public void free() {}
      };
    }

    @Override
    public void reset() {
      if (unloaded.get()) {
        violations.add("reset after unload");
      }
      resets.incrementAndGet();
    }

    @Override
    public UnloadResult unload() {
      enter("unload");
      try {
        if (!unloaded.compareAndSet(false, true)) {
          violations.add("unloaded twice");
        }
        Thread.yield();
        unloads.incrementAndGet();
        live.decrementAndGet();
        return UnloadResult.complete();
      } finally {
        exit();
      }
    }
  }
}
