package io.github.pathcheck.examples.readsector0;

import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.UnloadResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The readsector0 checker class; see {@link Readsector0CheckerProvider}. It shares nothing between its
 * checkers but the bookkeeping of unload: the live checkers, and the reads in flight that unload must wait for.
 * Thread-safe: its state is guarded by {@code this}, never held during I/O.
 */
final class Readsector0CheckerClass implements CheckerClass {
  /** What multipath's readsector0 reads, and the least {@code O_DIRECT} alignment that fits every device. */
  static final int SECTOR0_BYTES = 4096;

  private final Set<Readsector0Checker> live = new HashSet<>(); // guarded by this
  private int readsInFlight; // guarded by this
  private CompletableFuture<Void> readsDrained; // guarded by this; set by an unload that must wait
  private UnloadResult unloaded; // guarded by this; null while loaded

  @Override
  public String name() {
    return Readsector0CheckerProvider.NAME;
  }

  @Override
  public boolean isAsyncCapable() {
    return false;
  }

  @Override
  public Checker init(PathDevice device, CheckerOptions options) {
    Objects.requireNonNull(device, "device");
    options.requireNoProperties(Readsector0CheckerProvider.NAME, device);
    Readsector0Checker checker = new Readsector0Checker(this, device, blockSize(device.path()));
    synchronized (this) {
      requireLoaded("init a checker for " + device.path());
      live.add(checker);
    }
    return checker;
  }

  /**
   * The block to read: 4096 bytes, or the file store's block size when larger, since the JDK requires {@code
   * O_DIRECT} reads to be aligned to it. Falls back to 4096 when the path cannot be inspected; opening it in
   * {@code check()} then says why.
   */
  private static int blockSize(Path path) {
    try {
      long storeBlock = Files.getFileStore(path).getBlockSize();
      boolean usable = storeBlock > SECTOR0_BYTES && storeBlock <= 1 << 20 && Long.bitCount(storeBlock) == 1;
      return usable ? (int) storeBlock : SECTOR0_BYTES;
    } catch (IOException | UnsupportedOperationException e) {
      return SECTOR0_BYTES;
    }
  }

  @Override
  public synchronized void reset() {
    requireLoaded("reset");
    // Nothing is shared between checkers: nothing to release.
  }

  @Override
  public UnloadResult unload() {
    List<Readsector0Checker> toFree;
    synchronized (this) {
      if (unloaded != null) {
        return unloaded;
      }
      toFree = new ArrayList<>(live);
      live.clear();
      if (readsInFlight == 0) {
        unloaded = UnloadResult.complete();
      } else {
        readsDrained = new CompletableFuture<>();
        unloaded =
            UnloadResult.deferred(
                List.of(readsInFlight + " readsector0 read(s) of sector 0 still in flight"), readsDrained);
      }
    }
    toFree.forEach(Readsector0Checker::freeByUnload);
    return unloaded;
  }

  /** Called by a checker before it opens its device: counts the read, or throws if the class is unloaded. */
  synchronized void readStarting(Path path) {
    requireLoaded("check " + path);
    readsInFlight++;
  }

  /** Called by a checker once its device is closed again; completes a waiting unload after the last read. */
  void readEnded() {
    CompletableFuture<Void> drained;
    synchronized (this) {
      if (--readsInFlight > 0 || readsDrained == null) {
        return;
      }
      drained = readsDrained;
    }
    drained.complete(null);
  }

  /** Returns the reads in flight; for tests. */
  synchronized int readsInFlight() {
    return readsInFlight;
  }

  synchronized void forget(Readsector0Checker checker) {
    live.remove(checker);
  }

  private void requireLoaded(String action) {
    if (unloaded != null) {
      throw new IllegalStateException(
          "cannot " + action + ": the readsector0 checker class was unloaded; acquire it again");
    }
  }

  @Override
  public synchronized String toString() {
    return "readsector0 checker class (" + live.size() + " live" + (unloaded == null ? ")" : ", unloaded)");
  }
}
