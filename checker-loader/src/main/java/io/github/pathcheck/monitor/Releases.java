package io.github.pathcheck.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The releases of the checkers a {@link PathMonitor} closed that have not completed yet. Thread-safe. */
final class Releases {
  private final List<CompletableFuture<Void>> pending = new ArrayList<>(); // guarded by this

  /** Tracks {@code released} until it completes. */
  synchronized void add(CompletableFuture<Void> released) {
    pending.removeIf(CompletableFuture::isDone);
    if (!released.isDone()) {
      pending.add(released);
    }
  }

  /** Returns a stage that completes once everything tracked so far has completed, normally or not. */
  synchronized CompletionStage<Void> allReleased() {
    pending.removeIf(CompletableFuture::isDone);
    List<CompletableFuture<Void>> quiet = new ArrayList<>();
    for (CompletableFuture<Void> future : pending) {
      quiet.add(future.handle((value, failure) -> null));
    }
    return CompletableFuture.allOf(quiet.toArray(new CompletableFuture<?>[0])).minimalCompletionStage();
  }
}
