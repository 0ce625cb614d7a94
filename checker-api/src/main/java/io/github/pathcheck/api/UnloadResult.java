package io.github.pathcheck.api;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What {@link CheckerClass#unload()} could release: everything at once, or everything but some resources that
 * are still busy (a thread blocked in a hung device, an aio context with reads in flight), with a stage that
 * completes when those are released too.
 *
 * <p>A host must not drop the class loader that defined a checker class before {@link #released()} has
 * completed: code of that class may still be running. Immutable and thread-safe.
 */
public final class UnloadResult {
  private static final UnloadResult COMPLETE =
      new UnloadResult(List.of(), CompletableFuture.completedFuture(null));

  private final List<String> outstanding;
  private final CompletionStage<Void> released;

  private UnloadResult(List<String> outstanding, CompletionStage<Void> released) {
    this.outstanding = outstanding;
    this.released = released;
  }

  /** Returns the result of an unload that released everything. */
  public static UnloadResult complete() {
    return COMPLETE;
  }

  /**
   * Returns the result of an unload that left resources busy.
   *
   * @param outstanding what is still held, one readable line each (for example {@code "1 tur worker thread
   *     blocked on /dev/sdc"}); not empty
   * @param released completes, normally, once every outstanding resource is released
   */
  public static UnloadResult deferred(List<String> outstanding, CompletionStage<Void> released) {
    List<String> copy = List.copyOf(outstanding);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("a deferred unload must say what is outstanding");
    }
    return new UnloadResult(copy, Objects.requireNonNull(released, "released"));
  }

  /** Returns whether everything was released by the unload itself. */
  public boolean isComplete() {
    return outstanding.isEmpty();
  }

  /** Returns what was still held when unload returned; empty when {@link #isComplete()}. */
  public List<String> outstanding() {
    return outstanding;
  }

  /** Returns a stage that completes once every resource of the class has been released. */
  public CompletionStage<Void> released() {
    return released;
  }

  @Override
  public String toString() {
    return isComplete() ? "UnloadResult{complete}" : "UnloadResult{deferred: " + outstanding + "}";
  }
}
