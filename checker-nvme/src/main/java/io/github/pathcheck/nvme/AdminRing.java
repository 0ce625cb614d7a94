package io.github.pathcheck.nvme;

import io.github.pathcheck.api.UnloadResult;
import io.github.pathcheck.nativeio.AnonymousMemory;
import io.github.pathcheck.nativeio.Errno;
import io.github.pathcheck.nativeio.NativeException;
import io.github.pathcheck.nativeio.nvme.NvmeCommand;
import io.github.pathcheck.nativeio.nvme.NvmeCompletion;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ana checker class's io_uring, shared by its asynchronous checkers: it sends their admin commands, reaps
 * the completions, and owns each command's data buffer from submission until the kernel completed it.
 *
 * <p><b>Buffers.</b> A command's buffer is an anonymous mapping of its own, unmapped when its completion is
 * reaped and never before: a checker freed while its command is in flight {@linkplain #abandon abandons} the
 * command, and the ring still reaps it and unmaps its buffer then. Linux cannot cancel the command; its
 * command timeout (the checker timeout) bounds how long it stays in flight while the controller is live.
 *
 * <p><b>Release.</b> {@link #closeWhenIdle} closes the ring at once when nothing is in flight; otherwise it
 * starts one thread that waits for the last completions, reaps them, closes the ring and ends, and returns a
 * deferred result completed as that thread's last action.
 *
 * <p><b>Threading.</b> Thread-safe: submissions and reaping take one lock; waiting ({@link #awaitAnswers})
 * holds no lock but a read lock that closing takes for writing, so the ring is never closed under a waiter.
 * A waiter notices an interrupt within {@value #WAIT_SLICE_MILLIS} ms.
 */
final class AdminRing {
  private static final Logger logger = LoggerFactory.getLogger(AdminRing.class);
  static final long WAIT_SLICE_MILLIS = 50;
  private static final long WAIT_SLICE_NANOS = WAIT_SLICE_MILLIS * 1_000_000L;
  static final String DRAIN_THREAD = "pathcheck-ana-ring-drain";

  private final Object lock = new Object();
  private final ReadWriteLock closing = new ReentrantReadWriteLock();
  private final RingCalls calls;
  private final LongSupplier nanoTime;
  private final Map<Long, AdminCommand> inFlight = new HashMap<>(); // guarded by lock
  private long nextTag = 1; // guarded by lock
  private boolean closed; // guarded by lock

  AdminRing(RingCalls calls, LongSupplier nanoTime) {
    this.calls = calls;
    this.nanoTime = nanoTime;
  }

  /**
   * Sends {@code command} to the controller open as {@code fd}.
   *
   * @return the command in flight, or done at once with the errno of a submission that failed ({@code ENOMEM}
   *     without a buffer); null when the ring already has as many commands in flight as it has room for
   */
  AdminCommand submit(int fd, NvmeCommand command, Duration timeout) {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the ana checker's io_uring was closed");
      }
      if (inFlight.size() >= calls.capacity()) {
        reapLocked();
        if (inFlight.size() >= calls.capacity()) {
          return null;
        }
      }
      long tag = nextTag++;
      AnonymousMemory buffer;
      try {
        buffer = AnonymousMemory.map(command.dataLength());
      } catch (NativeException e) {
        AdminCommand refused = new AdminCommand(tag, command, null);
        refused.complete(NvmeCompletion.ioctlFailed(e.errno()));
        return refused;
      }
      AdminCommand sent = new AdminCommand(tag, command, buffer);
      int submitted = calls.submit(fd, command, buffer, timeout, tag);
      if (submitted != 1) {
        buffer.close(); // the kernel took nothing
        sent.complete(NvmeCompletion.ioctlFailed(submitted < 0 ? -submitted : Errno.EAGAIN));
        return sent;
      }
      inFlight.put(tag, sent);
      return sent;
    }
  }

  /** Returns the completion of {@code command}, reaping the ring first when it has none yet; null while in flight. */
  NvmeCompletion poll(AdminCommand command) {
    synchronized (lock) {
      if (command.completion() == null && !closed) {
        reapLocked();
      }
      return command.completion();
    }
  }

  /**
   * Gives up on {@code command}: its completion, when it comes, is reaped and dropped, and its buffer unmapped
   * then.
   */
  void abandon(AdminCommand command) {
    synchronized (lock) {
      command.abandon();
      if (!closed) {
        reapLocked();
      }
    }
  }

  /** Reaps what completed; for {@code reset()}. */
  void reap() {
    synchronized (lock) {
      if (!closed) {
        reapLocked();
      }
    }
  }

  /** Returns the number of commands in flight, abandoned ones included. */
  int inFlight() {
    synchronized (lock) {
      return inFlight.size();
    }
  }

  /**
   * Waits until no command that a checker still waits for is in flight, or until {@code deadline} (of the
   * class's clock), reaping as completions arrive.
   *
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void awaitAnswers(long deadline) throws InterruptedException {
    while (true) {
      synchronized (lock) {
        if (closed) {
          return;
        }
        reapLocked();
        if (inFlight.values().stream().allMatch(AdminCommand::isAbandoned)) {
          return;
        }
      }
      long left = deadline - nanoTime.getAsLong();
      if (left <= 0) {
        return;
      }
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while waiting for ana answers");
      }
      waitSlice(Math.min(left, WAIT_SLICE_NANOS));
    }
  }

  private void waitSlice(long nanos) {
    closing.readLock().lock();
    try {
      synchronized (lock) {
        if (closed) {
          return;
        }
      }
      calls.await(1, nanos);
    } finally {
      closing.readLock().unlock();
    }
  }

  /**
   * Closes the ring once nothing is in flight: at once, or on a thread of {@code threads} that waits for the
   * kernel to complete what is still in flight (every checker was freed, so all of it is abandoned).
   */
  UnloadResult closeWhenIdle(ThreadFactory threads) {
    int pending;
    synchronized (lock) {
      if (closed) {
        return UnloadResult.complete();
      }
      reapLocked();
      pending = inFlight.size();
    }
    if (pending == 0) {
      closeNow();
      return UnloadResult.complete();
    }
    CompletableFuture<Void> released = new CompletableFuture<>();
    Thread drain = threads.newThread(() -> drain(released));
    drain.setName(DRAIN_THREAD);
    drain.setDaemon(true);
    drain.start();
    return UnloadResult.deferred(
        List.of(pending + " ana admin command(s) in flight on the io_uring, with their buffers"), released);
  }

  private void drain(CompletableFuture<Void> released) {
    try {
      while (true) {
        synchronized (lock) {
          reapLocked();
          if (inFlight.isEmpty()) {
            break;
          }
        }
        calls.await(1, WAIT_SLICE_NANOS);
      }
      closeNow();
    } catch (RuntimeException | Error e) {
      logger.error("draining the ana checker's io_uring failed; its buffers stay mapped", e);
    } finally {
      released.complete(null);
    }
  }

  private void closeNow() {
    closing.writeLock().lock();
    try {
      synchronized (lock) {
        if (closed) {
          return;
        }
        closed = true;
      }
      calls.close();
    } finally {
      closing.writeLock().unlock();
    }
  }

  private void reapLocked() {
    calls.reap(this::completed);
  }

  /** One completion, under the lock. */
  private void completed(long tag, int result, long extra) {
    AdminCommand command = inFlight.remove(tag);
    if (command == null) {
      logger.warn("the ana checker's io_uring completed unknown command {} with {}", tag, result);
      return;
    }
    AnonymousMemory buffer = command.buffer();
    NvmeCompletion completion =
        result < 0
            ? NvmeCompletion.ioctlFailed(-result)
            : NvmeCompletion.completed(result, (int) extra, buffer.getBytes(0, command.command().dataLength()));
    buffer.close();
    if (!command.isAbandoned()) {
      command.complete(completion);
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "AdminRing{" + calls + ", " + inFlight.size() + " in flight" + (closed ? ", closed}" : "}");
    }
  }
}
