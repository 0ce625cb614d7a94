package io.github.pathcheck.loader;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The releases the registry still waits for: deferred unloads and plugin class loaders to close. Holds only
 * its own futures, never a stage a plugin created, so it pins no plugin class. Thread-safe.
 */
final class ReleaseTracker {
  private static final Logger logger = LoggerFactory.getLogger(ReleaseTracker.class);

  private final List<CompletableFuture<Void>> pending = new ArrayList<>(); // guarded by this
  private final java.util.Map<Object, List<String>> outstanding = new java.util.LinkedHashMap<>(); // guarded by this

  /** Remembers what a deferred unload still holds, until {@code released} completes. */
  void note(String what, List<String> lines, CompletionStage<?> released) {
    Object key = new Object();
    List<String> named = new ArrayList<>();
    for (String line : lines) {
      named.add(what + ": " + line);
    }
    synchronized (this) {
      outstanding.put(key, List.copyOf(named));
    }
    released.whenComplete(
        (value, failure) -> {
          synchronized (this) {
            outstanding.remove(key);
          }
        });
  }

  /** Returns what deferred unloads still hold, one line each. */
  synchronized List<String> outstanding() {
    List<String> lines = new ArrayList<>();
    outstanding.values().forEach(lines::addAll);
    return List.copyOf(lines);
  }

  /**
   * Returns a future of the registry's own that completes, normally, when {@code stage} completes (normally
   * or not), and tracks it.
   */
  CompletableFuture<Void> track(CompletionStage<?> stage, String what) {
    CompletableFuture<Void> own = new CompletableFuture<>();
    stage.whenComplete(
        (value, failure) -> {
          if (failure != null) {
            logger.warn("The release of {} failed; counting it as released", what, failure);
          } else {
            logger.info("{} has released its resources", what);
          }
          own.complete(null);
        });
    add(own);
    return own;
  }

  synchronized void add(CompletableFuture<Void> future) {
    pending.removeIf(CompletableFuture::isDone);
    if (!future.isDone()) {
      pending.add(future);
    }
  }

  /** Returns a stage that completes once everything tracked so far has completed. */
  synchronized CompletionStage<Void> allReleased() {
    pending.removeIf(CompletableFuture::isDone);
    return CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).minimalCompletionStage();
  }
}
