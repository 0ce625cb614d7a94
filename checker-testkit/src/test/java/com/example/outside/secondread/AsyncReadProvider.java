package com.example.outside.secondread;

import io.github.pathcheck.api.AbstractChecker;
import io.github.pathcheck.api.AbstractCheckerClass;
import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.api.UnloadResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A plugin written from the README with one bug: it starts a new read on every check, also while one is in flight. */
public final class AsyncReadProvider implements CheckerProvider {
  static final CheckResult SHORT = CheckResult.of(PathState.DOWN, " read a short block");
  static final CheckResult FAILED = CheckResult.of(PathState.DOWN, " cannot read the device");
  static final CheckResult TIMED_OUT = CheckResult.of(PathState.TIMEOUT, " timed out reading the device");
  static final CheckResult READING = CheckResult.of(PathState.PENDING, " is reading");

  @Override
  public String name() {
    return "secondread";
  }

  @Override
  public CheckerClass load(Map<String, String> classOptions) {
    return new AsyncReadClass(classOptions);
  }

  static final class AsyncReadClass extends AbstractCheckerClass {
    final ExecutorService pool;

    AsyncReadClass(Map<String, String> classOptions) {
      super("secondread", classOptions, Set.of());
      ClassLoader plugin = AsyncReadProvider.class.getClassLoader();
      pool =
          Executors.newFixedThreadPool(
              4,
              r -> {
                Thread t = new Thread(r, "secondread-reader");
                t.setDaemon(true);
                t.setContextClassLoader(plugin);
                return t;
              });
    }

    @Override
    public boolean isAsyncCapable() {
      return true;
    }

    @Override
    protected AbstractChecker newChecker(PathDevice device, CheckerOptions options) {
      return new AsyncReadChecker(this, device, options);
    }

    @Override
    protected UnloadResult onUnload() {
      pool.shutdown(); // no interrupt: interrupting a read blocked in a FileChannel waits for the read
      CompletableFuture<Void> gone = new CompletableFuture<>();
      Thread waiter =
          new Thread(
              () -> {
                try {
                  while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                    // a read still hangs: keep waiting
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                gone.complete(null);
              },
              "secondread-unload");
      waiter.setDaemon(true);
      waiter.start();
      return UnloadResult.deferred(List.of("secondread reads in flight"), gone);
    }
  }

  static final class AsyncReadChecker extends AbstractChecker {
    private final AsyncReadClass owner;
    private final Duration timeout;
    private final boolean sync;
    private Future<CheckResult> inFlight;
    private long startedNanos;
    private boolean lookedAt;

    AsyncReadChecker(AsyncReadClass owner, PathDevice device, CheckerOptions options) {
      super(owner, device);
      this.owner = owner;
      this.timeout = options.timeout();
      this.sync = options.mode() == CheckMode.SYNC;
    }

    @Override
    protected CheckResult probe() {
      {
        startedNanos = System.nanoTime();
        lookedAt = false;
        java.nio.file.Path path = device().path();
        inFlight = owner.pool.submit(() -> read(path));
      }
      if (sync) {
        try {
          return finish(inFlight.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
          return finish(TIMED_OUT);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return finish(TIMED_OUT);
        } catch (ExecutionException e) {
          return finish(FAILED);
        }
      }
      return READING;
    }

    @Override
    protected CheckResult poll() {
      lookedAt = true;
      if (inFlight == null) {
        return READING;
      }
      if (inFlight.isDone()) {
        try {
          return finish(inFlight.get());
        } catch (ExecutionException | InterruptedException e) {
          return finish(FAILED);
        }
      }
      if (System.nanoTime() - startedNanos > timeout.toNanos()) {
        return finish(TIMED_OUT);
      }
      return READING;
    }

    @Override
    protected boolean waitAdvised() {
      return inFlight != null && !lookedAt;
    }

    @Override
    protected void release() {
      if (inFlight != null) {
        inFlight.cancel(false); // the read ends on its own; its answer is dropped
      }
    }

    private CheckResult finish(CheckResult answer) {
      inFlight = null;
      return answer;
    }

    private static CheckResult read(java.nio.file.Path path) {
      try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
        return channel.read(ByteBuffer.allocate(512), 0) == 512 ? CheckResult.UP : SHORT;
      } catch (IOException e) {
        return FAILED;
      }
    }
  }
}
