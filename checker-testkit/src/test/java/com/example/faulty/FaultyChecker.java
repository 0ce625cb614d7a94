package com.example.faulty;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.PathState;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;

/**
 * A checker of a {@link FaultyCheckerClass}: answers up for a device with a descriptor. It implements {@link
 * Checker} itself, not through {@link io.github.pathcheck.api.AbstractChecker}, whose bookkeeping would prevent
 * most of the faults. Thread-safe.
 */
final class FaultyChecker implements Checker {
  private static final CheckResult TIMED_OUT = CheckResult.of(PathState.TIMEOUT, " timed out");
  private static final CheckResult EMPTY = CheckResult.of(PathState.DOWN, " read nothing");
  private static final CheckResult UNREADABLE = CheckResult.of(PathState.DOWN, " cannot read the device");

  private final FaultyCheckerClass checkerClass;
  private final Fault fault;
  private final PathDevice device;
  private final CheckerOptions options;

  private CheckResult last = CheckResult.UNCHECKED; // all guarded by this
  private CompletableFuture<CheckResult> inFlight;
  private long startedNanos;
  private boolean lookedAt;
  private boolean freed;
  private String lastFailure; // Fault.STALE_MESSAGE

  FaultyChecker(FaultyCheckerClass checkerClass, Fault fault, PathDevice device, CheckerOptions options) {
    this.checkerClass = checkerClass;
    this.fault = fault;
    this.device = device;
    this.options = options;
  }

  /** {@link Fault#THREAD_LOCAL}: a buffer per calling thread, never removed. */
  private static final ThreadLocal<ReadBuffer> BUFFERS = ThreadLocal.withInitial(ReadBuffer::new);

  /** A block buffer a thread reuses across checks. */
  static final class ReadBuffer {
    final ByteBuffer block = ByteBuffer.allocate(512);
  }

  @Override
  public synchronized CheckResult check() {
    ensureLive();
    if (fault == Fault.THREAD_LOCAL) {
      BUFFERS.get().block.clear();
    }
    if (fault == Fault.NULL_STATE) {
      return null;
    }
    if (inFlight != null && fault != Fault.SECOND_READ) {
      return pending();
    }
    if (device.fd() < 0) {
      return answer(CheckResult.NO_USABLE_FD);
    }
    if (options.mode() == CheckMode.SYNC) {
      return answer(probe(device, fault));
    }
    CompletableFuture<CheckResult> check = new CompletableFuture<>();
    inFlight = check;
    startedNanos = System.nanoTime();
    lookedAt = false;
    if (!fault.neverResolves()) {
      PathDevice probed = device; // the task holds no reference to the checker
      Fault probeFault = fault;
      checkerClass.submit(
          () -> {
            try {
              check.complete(probe(probed, probeFault));
            } catch (RuntimeException e) {
              check.completeExceptionally(e);
            }
          });
    }
    return CheckResult.PENDING;
  }

  /** Collects the check in flight; with none (which the SPI does not ask), the last answer. */
  @Override
  public synchronized CheckResult pending() {
    ensureLive();
    if (fault == Fault.NULL_STATE) {
      return null;
    }
    if (inFlight == null) {
      return last;
    }
    lookedAt = true;
    if (fault == Fault.PENDING_BLOCKS || inFlight.isDone()) {
      CheckResult result = inFlight.join();
      inFlight = null;
      return answer(result);
    }
    if (!fault.neverResolves()
        && fault != Fault.NO_TIMEOUT
        && System.nanoTime() - startedNanos > options.timeout().toNanos()) {
      inFlight = null;
      return answer(TIMED_OUT);
    }
    return CheckResult.PENDING;
  }

  @Override
  public synchronized boolean needWait() {
    ensureLive();
    return inFlight != null && !lookedAt;
  }

  @Override
  public void free() {
    synchronized (this) {
      if (freed) {
        return;
      }
      freed = true;
      inFlight = null;
    }
    checkerClass.forget(this);
  }

  /** What reset does to a live checker: its last answer is forgotten. */
  synchronized void forgetLastAnswer() {
    last = CheckResult.UNCHECKED;
  }

  private CheckResult answer(CheckResult result) {
    if (fault == Fault.STALE_MESSAGE) {
      if (result.state() != PathState.UP) {
        lastFailure = result.message();
      } else if (lastFailure != null) {
        result = CheckResult.of(result.state(), lastFailure); // the fault: the failure's message, stale
      }
    }
    last = result;
    return result;
  }

  /** Reads the device's first 512 bytes; static, so that a task running it holds no checker. */
  private static CheckResult probe(PathDevice device, Fault fault) {
    if (device.fd() < 0) {
      return CheckResult.NO_USABLE_FD;
    }
    ByteBuffer block = ByteBuffer.allocate(512);
    try {
      int read;
      if (fault == Fault.LEAKS_DESCRIPTOR) {
        FileChannel channel = FileChannel.open(device.path(), StandardOpenOption.READ); // never closed
        read = channel.read(block, 0);
      } else {
        try (FileChannel channel = FileChannel.open(device.path(), StandardOpenOption.READ)) {
          read = channel.read(block, 0);
        }
      }
      if (read <= 0 && fault == Fault.THROWS_FOR_PATH_FAILURE) {
        throw new UncheckedIOException(new EOFException(device.path() + " is empty"));
      }
      return read > 0 ? CheckResult.UP : EMPTY;
    } catch (IOException e) {
      if (fault == Fault.THROWS_FOR_PATH_FAILURE) {
        throw new UncheckedIOException(e);
      }
      return UNREADABLE;
    }
  }

  private void ensureLive() {
    if (freed && fault != Fault.WORKS_AFTER_FREE) {
      throw new IllegalStateException("the checker for " + device.path() + " was freed");
    }
  }
}
