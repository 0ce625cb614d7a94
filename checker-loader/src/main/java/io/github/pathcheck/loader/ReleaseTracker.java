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
