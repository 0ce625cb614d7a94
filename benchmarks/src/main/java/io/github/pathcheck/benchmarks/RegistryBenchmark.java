package io.github.pathcheck.benchmarks;

import io.github.pathcheck.loader.CheckerHandle;
import io.github.pathcheck.loader.CheckerRegistry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link CheckerRegistry}'s lookup: {@code acquire(name)} then {@code close()} of the handle, for the built-in
 * {@code none} checker. {@code loaded}: another handle keeps the class loaded, so this is the name lookup and
 * the reference count (what a host does per path). {@code loadAndUnload}: the only handle, so each call loads
 * and unloads the class. {@code loadedTwoThreads}: the first, from two threads at once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RegistryBenchmark {
  private CheckerRegistry registry;
  private CheckerHandle keepLoaded;

  /** Builds the registry (discovery on the class path) and keeps {@code none} loaded. */
  @Setup(Level.Trial)
  public void setUp() {
    registry = CheckerRegistry.builder().build();
    keepLoaded = registry.acquire("none");
  }

  /** Releases the class and closes the registry. */
  @TearDown(Level.Trial)
  public void tearDown() {
    keepLoaded.close();
    registry.close();
  }

  /** Acquire and close of a class that stays loaded. */
  @Benchmark
  public void loaded(Blackhole blackhole) {
    try (CheckerHandle handle = registry.acquire("none")) {
      blackhole.consume(handle.stuckChecks());
    }
  }

  /** The same from two threads at once (the machine has two cores). */
  @Benchmark
  @Threads(2)
  public void loadedTwoThreads(Blackhole blackhole) {
    try (CheckerHandle handle = registry.acquire("none")) {
      blackhole.consume(handle.stuckChecks());
    }
  }

  /** A registry of its own whose only handle is taken and closed: load, then unload. */
  @State(Scope.Thread)
  public static class Fresh {
    CheckerRegistry registry;

    /** Builds a registry with nothing loaded. */
    @Setup(Level.Trial)
    public void setUp() {
      registry = CheckerRegistry.builder().build();
    }

    /** Closes it. */
    @TearDown(Level.Trial)
    public void tearDown() {
      registry.close();
    }
  }

  /** Acquire of an unloaded class (load) and close of its last handle (unload). */
  @Benchmark
  public void loadAndUnload(Fresh fresh, Blackhole blackhole) {
    try (CheckerHandle handle = fresh.registry.acquire("none")) {
      blackhole.consume(handle.stuckChecks());
    }
  }
}
