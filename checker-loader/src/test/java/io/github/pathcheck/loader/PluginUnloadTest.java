package io.github.pathcheck.loader;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.fixtures.FakeDevice;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unloading plugins: their class loaders are closed, dropped and collected; deferred unloads wait. */
class PluginUnloadTest {
  private static final String WORKER = "blocking-checker-worker";
  private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path plugins;
  @TempDir Path scratch;

  private final Gc gc = new Gc();
  private final List<WeakReference<PluginClassLoader>> opened = new CopyOnWriteArrayList<>();
  private Path fifo;
  private boolean unblocked;

  private CheckerRegistry build() {
    return CheckerRegistry.builder()
        .pluginDirectory(plugins)
        .pluginLoaderObserver(loader -> opened.add(new WeakReference<>(loader)))
        .build();
  }

  @AfterEach
  void unblockAWorkerLeftBehindByAFailure() {
    if (fifo != null && !unblocked && workerAlive()) {
      Thread writer = new Thread(this::unblock, "unblock-after-failure");
      writer.setDaemon(true);
      writer.start();
    }
  }

  @Test
  void anUnloadedPluginsLoaderIsClosedDroppedAndCollected() throws Exception {
    PluginFixtures.good(plugins);
    try (CheckerRegistry registry = build()) {
      WeakReference<Object> first = useGoodOnceAndUnload(registry);
      assertThat(gc.isCollected(first)).as("the unloaded plugin's class loader is collected").isTrue();
      for (WeakReference<PluginClassLoader> ref : opened) {
        assertThat(gc.isCollected(ref)).as("every loader opened is collected").isTrue();
      }

      // The next acquire loads the plugin anew, in a new loader, which goes the same way.
      WeakReference<Object> second = useGoodOnceAndUnload(registry);
      assertThat(opened).hasSize(3); // discovery, first use, second use
      assertThat(gc.isCollected(second)).isTrue();
    }
  }

  private WeakReference<Object> useGoodOnceAndUnload(CheckerRegistry registry) throws Exception {
    CheckerHandle handle = registry.acquire("good");
    PluginClassLoader loader = (PluginClassLoader) handle.loadedClass().contextLoader();
    try (PathChecker checker = handle.init(FakeDevice.of("/dev/sdb"), CheckerOptions.defaults())) {
      assertThat(checker.checkAndWait().state()).isEqualTo(PathState.UP);
    }
    assertThat(loader.isClosed()).isFalse();
    handle.close();
    // The checker is freed on the class's pool, which the unload waits for before the loader is closed.
    assertThat(registry.whenUnloadsReleased().toCompletableFuture()).succeedsWithin(RELEASE_TIMEOUT);
    assertThat(loader.isClosed()).as("closed once its last class is unloaded and released").isTrue();
    return gc.track(loader);
  }

  @Test
  void aDeferredUnloadKeepsTheLoaderOpenUntilReleased() throws Exception {
    PluginFixtures.blocking(plugins);
    fifo = makeFifo();
    try (CheckerRegistry registry = build()) {
      CheckerHandle handle = registry.acquire("blocking");
      WeakReference<PluginClassLoader> loader = startBlockedCheck(handle);
      handle.close(); // the last reference: unload, deferred by the blocked worker

      CompletableFuture<Void> released = registry.whenUnloadsReleased().toCompletableFuture();
      assertThat(workerAlive()).isTrue();
      assertThat(released).isNotDone();
      assertThat(loader.get()).isNotNull();
      assertThat(loader.get().isClosed()).as("not closed while the worker runs").isFalse();

      // Meanwhile a new acquire gets a fresh loader, closed at once when unloaded: nothing of it is busy.
      PluginClassLoader fresh;
      try (CheckerHandle again = registry.acquire("blocking")) {
        fresh = (PluginClassLoader) again.loadedClass().contextLoader();
        assertThat(fresh).isNotSameAs(loader.get());
      }
      assertThat(fresh.isClosed()).isTrue();
      fresh = null;
      assertThat(loader.get().isClosed()).isFalse();
      assertThat(registry.whenUnloadsReleased().toCompletableFuture()).isNotDone();

      unblock();
      assertThat(released).succeedsWithin(RELEASE_TIMEOUT);
      assertThat(registry.whenUnloadsReleased().toCompletableFuture()).isCompleted();
      PluginClassLoader closed = loader.get();
      assertThat(closed == null || closed.isClosed()).as("closed once released").isTrue();
      closed = null;
      assertThat(gc.isCollected(loader)).as("collected once its worker ended").isTrue();
      awaitWorkerEnd();
      assertThat(workerAlive()).isFalse();
    }
  }

  @Test
  void closingTheRegistryDefersTheLoaderOfABusyPluginToo() throws Exception {
    PluginFixtures.blocking(plugins);
    fifo = makeFifo();
    CheckerRegistry registry = build();
    CheckerHandle handle = registry.acquire("blocking");
    WeakReference<PluginClassLoader> loader = startBlockedCheck(handle);
    registry.close();

    CompletableFuture<Void> released = registry.whenUnloadsReleased().toCompletableFuture();
    assertThat(released).isNotDone();
    assertThat(loader.get().isClosed()).isFalse();
    handle.close(); // invalid now: drops nothing

    unblock();
    assertThat(released).succeedsWithin(RELEASE_TIMEOUT);
    PluginClassLoader closed = loader.get();
    assertThat(closed == null || closed.isClosed()).isTrue();
    closed = null;
    assertThat(gc.isCollected(loader)).isTrue();
  }

  /** Starts a check whose worker blocks on the FIFO; returns the plugin's loader, weakly. */
  private WeakReference<PluginClassLoader> startBlockedCheck(CheckerHandle handle) throws Exception {
    // An asynchronous-capable class in ASYNC mode: its check starts on this thread, and its worker blocks.
    PathChecker checker =
        handle.init(FakeDevice.of("/dev/sdz"), CheckerOptions.defaults().withProperty("fifo", fifo.toString()));
    assertThat(checker.check().state()).isEqualTo(PathState.PENDING);
    checker.close();
    return new WeakReference<>((PluginClassLoader) handle.loadedClass().contextLoader());
  }

  private Path makeFifo() throws Exception {
    Path path = scratch.resolve("gate");
    Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).as("mkfifo %s", path).isZero();
    return path;
  }

  /** Writes a byte to the FIFO: the blocked worker reads it and ends. */
  private void unblock() {
    try {
      Files.write(fifo, new byte[] {1});
      unblocked = true;
    } catch (IOException e) {
      throw new IllegalStateException("cannot unblock the worker through " + fifo, e);
    }
  }

  /** Joins the worker thread, which is ending; bounded, not a timing assertion. */
  private static void awaitWorkerEnd() throws InterruptedException {
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals(WORKER)) {
        thread.join(RELEASE_TIMEOUT.toMillis());
      }
    }
  }

  private static boolean workerAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals(WORKER) && t.isAlive());
  }
}
