package io.github.pathcheck.nvme;

import io.github.pathcheck.nativeio.AnonymousMemory;
import io.github.pathcheck.nativeio.nvme.NvmeCommand;
import io.github.pathcheck.nativeio.nvme.NvmeCompletion;
import io.github.pathcheck.nativeio.uring.CompletionHandler;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A scripted io_uring: records what is submitted, and completes a command only when the test says, writing its
 * data into the command's real buffer as the kernel would.
 */
final class FakeRing implements RingCalls {
  /** One submission. */
  record Sent(int fd, NvmeCommand command, AnonymousMemory buffer, Duration timeout, long tag) {}

  final List<Sent> submitted = new ArrayList<>();
  final List<Sent> inFlight = new ArrayList<>();
  private final Deque<long[]> posted = new ArrayDeque<>();
  private final AtomicLong clock;
  int capacity = 4;
  int submitResult = 1;
  boolean closed;

  FakeRing(AtomicLong clock) {
    this.clock = clock;
  }

  @Override
  public synchronized int submit(int fd, NvmeCommand command, AnonymousMemory buffer, Duration timeout, long tag) {
    if (submitResult != 1) {
      return submitResult;
    }
    Sent sent = new Sent(fd, command, buffer, timeout, tag);
    submitted.add(sent);
    inFlight.add(sent);
    return 1;
  }

  /** Completes the oldest command in flight with {@code answer}'s completion, its data into the buffer. */
  synchronized Sent complete(Function<NvmeCommand, NvmeCompletion> answer) {
    Sent sent = inFlight.remove(0);
    NvmeCompletion completion = answer.apply(sent.command());
    if (completion.isIoctlFailed()) {
      posted.add(new long[] {sent.tag(), -completion.errno(), 0});
    } else {
      ByteBuffer data = ByteBuffer.wrap(completion.data()).order(ByteOrder.nativeOrder());
      for (int i = 0; i + 4 <= completion.data().length && i + 4 <= sent.command().dataLength(); i += 4) {
        sent.buffer().putInt(i, data.getInt(i));
      }
      posted.add(new long[] {sent.tag(), completion.status(), completion.result()});
    }
    notifyAll();
    return sent;
  }

  @Override
  public synchronized int reap(CompletionHandler handler) {
    int n = 0;
    while (!posted.isEmpty()) {
      long[] c = posted.poll();
      handler.completed(c[0], (int) c[1], c[2]);
      n++;
    }
    return n;
  }

  /**
   * Answers at once on the test's threads, advancing the clock by {@code timeoutNanos} when nothing was posted;
   * the ring's drain thread, which reads no clock, waits until the test completes a command.
   */
  @Override
  public synchronized boolean await(int minComplete, long timeoutNanos) {
    if (Thread.currentThread().getName().equals(AdminRing.DRAIN_THREAD)) {
      while (posted.size() < minComplete) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
    if (posted.size() >= minComplete) {
      return true;
    }
    clock.addAndGet(timeoutNanos);
    return false;
  }

  @Override
  public synchronized int capacity() {
    return capacity;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      throw new AssertionError("closed twice");
    }
    if (!inFlight.isEmpty() || !posted.isEmpty()) {
      throw new AssertionError("closed with commands in flight: " + inFlight);
    }
    closed = true;
  }

  synchronized boolean isClosed() {
    return closed;
  }
}
