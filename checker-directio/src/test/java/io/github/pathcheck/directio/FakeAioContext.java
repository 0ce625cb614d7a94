package io.github.pathcheck.directio;

import io.github.pathcheck.fixtures.FakeClock;
import io.github.pathcheck.nativeio.Errno;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A scripted aio context. The test queues what {@code io_getevents} returns: batches of completions (named by
 * slot, resolved to the slot's last submitted {@code aio_data} when delivered, so a batch may be queued before
 * the read is submitted) or errors. With nothing queued, {@code io_getevents} lets its whole timeout pass on
 * the fake clock and returns 0, as the kernel does when nothing completes. {@code io_cancel} fails unless told
 * otherwise, as it does for reads. Thread-safe (synchronized) except that a destroy may be held on a gate.
 */
final class FakeAioContext implements AioContext {
  /** A completion of a slot's last submitted read, with the kernel's result. */
  record Completion(int slot, long result) {}

  private final FakeClock clock;
  private final int slots;
  private final long[] lastData;
  private final boolean[] inFlight;
  private final Deque<Object> script = new ArrayDeque<>();
  private final Deque<Integer> submitResults = new ArrayDeque<>();
  private final long[] eventData = new long[AioGroup.EVENTS_PER_CALL];
  private final long[] eventResult = new long[AioGroup.EVENTS_PER_CALL];
  private int submits;
  private int cancels;
  private int getEventsCalls;
  private final List<Long> getEventsTimeouts = new ArrayList<>();
  private final List<Integer> getEventsMinimums = new ArrayList<>();
  private int cancelResult = -Errno.EINVAL;
  private int destroyCalls;
  private boolean destroyed;
  private boolean released;
  private boolean destroying;
  private volatile CountDownLatch destroyGate;
  private volatile Runnable onDestroy = () -> {};
  private final List<CountDownLatch> blockedReleases = new ArrayList<>();
  private int callsInProgress;

  FakeAioContext(FakeClock clock, int slots) {
    this.clock = clock;
    this.slots = slots;
    this.lastData = new long[slots];
    this.inFlight = new boolean[slots];
  }

  /** Queues one batch of completions for one {@code io_getevents} call (more than 128 span several). */
  synchronized void queueBatch(Completion... completions) {
    script.add(new ArrayDeque<>(Arrays.asList(completions)));
  }

  /**
   * Queues a batch that {@code io_getevents} delivers only after {@code release} opens, counting {@code
   * entered} down once it blocks: a reaper blocked in the kernel. A destroy opens {@code release}, as
   * {@code io_destroy} wakes threads blocked in {@code io_getevents}; the call then returns {@code -EINVAL}.
   */
  synchronized void queueBlockingBatch(
      CountDownLatch entered, CountDownLatch release, Completion... completions) {
    script.add(new BlockingBatch(entered, release, new ArrayDeque<>(Arrays.asList(completions))));
    blockedReleases.add(release);
  }

  private record BlockingBatch(
      CountDownLatch entered, CountDownLatch release, Deque<Completion> completions) {}

  /** Queues a failing {@code io_getevents} call. */
  synchronized void queueGetEventsError(int errno) {
    script.add(-errno);
  }

  /** Makes the next {@code io_submit} return {@code result}. */
  synchronized void queueSubmitResult(int result) {
    submitResults.add(result);
  }

  /** Makes {@code io_cancel} succeed (0) or fail (a negative errno). */
  synchronized void cancelResult(int result) {
    cancelResult = result;
  }

  /** Makes {@code io_destroy} block until {@code gate} opens, like a context with reads on a hung device. */
  void holdDestroy(CountDownLatch gate) {
    destroyGate = gate;
  }

  /** Runs {@code action} inside each {@code io_destroy}, outside the fake's lock. */
  void onDestroy(Runnable action) {
    onDestroy = action;
  }

  synchronized int submits() {
    return submits;
  }

  synchronized int cancels() {
    return cancels;
  }

  synchronized int getEventsCalls() {
    return getEventsCalls;
  }

  synchronized List<Long> getEventsTimeouts() {
    return List.copyOf(getEventsTimeouts);
  }

  /** Returns the {@code min_nr} of every {@code io_getevents} call so far. */
  synchronized List<Integer> getEventsMinimums() {
    return List.copyOf(getEventsMinimums);
  }

  synchronized int destroyCalls() {
    return destroyCalls;
  }

  synchronized boolean isDestroyed() {
    return destroyed;
  }

  synchronized boolean isReleased() {
    return released;
  }

  synchronized boolean isScriptEmpty() {
    return script.isEmpty() && submitResults.isEmpty();
  }

  /** Returns whether slot {@code slot} has a read the fake kernel has not completed. */
  synchronized boolean inFlight(int slot) {
    return inFlight[slot];
  }

  @Override
  public synchronized int submitRead(int slot, long data, int fd, int length) {
    check();
    submits++;
    Integer result = submitResults.poll();
    if (result != null && result != 1) {
      return result;
    }
    lastData[slot] = data;
    inFlight[slot] = true;
    return 1;
  }

  @Override
  public synchronized int cancel(int slot) {
    check();
    cancels++;
    if (cancelResult == 0) {
      inFlight[slot] = false;
    }
    return cancelResult;
  }

  @Override
  @SuppressWarnings("unchecked")
  public int getEvents(int minEvents, int maxEvents, long timeoutNanos) {
    BlockingBatch blocking;
    synchronized (this) {
      check();
      getEventsCalls++;
      getEventsTimeouts.add(timeoutNanos);
      getEventsMinimums.add(minEvents);
      if (minEvents < 1 || minEvents > maxEvents || maxEvents != AioGroup.EVENTS_PER_CALL || timeoutNanos < 0) {
        throw new AssertionError("unexpected io_getevents(" + minEvents + ", " + maxEvents + ")");
      }
      Object next = script.peek();
      if (next == null) {
        clock.advanceNanos(timeoutNanos);
        return 0;
      }
      if (next instanceof Integer) {
        script.poll();
        return (Integer) next;
      }
      if (!(next instanceof BlockingBatch)) {
        return deliver((Deque<Completion>) next, maxEvents);
      }
      blocking = (BlockingBatch) script.poll();
      callsInProgress++;
    }
    blocking.entered().countDown();
    try {
      blocking.release().await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      callsInProgress--;
      if (destroyed || destroying) {
        return -Errno.EINVAL;
      }
      return deliver(blocking.completions(), maxEvents);
    }
  }

  /** Delivers up to {@code maxEvents} of {@code batch}; a batch left empty leaves the script. */
  private int deliver(Deque<Completion> batch, int maxEvents) {
    int count = 0;
    while (count < maxEvents && !batch.isEmpty()) {
      Completion completion = batch.poll();
      eventData[count] = lastData[completion.slot()];
      eventResult[count] = completion.result();
      inFlight[completion.slot()] = false;
      count++;
    }
    if (batch.isEmpty() && script.peek() == batch) {
      script.poll();
    }
    return count;
  }

  @Override
  public synchronized long eventData(int index) {
    return eventData[index];
  }

  @Override
  public synchronized long eventResult(int index) {
    return eventResult[index];
  }

  @Override
  public int destroy() {
    synchronized (this) {
      check();
      destroyCalls++;
      destroying = true;
      blockedReleases.forEach(CountDownLatch::countDown);
    }
    onDestroy.run();
    CountDownLatch gate = destroyGate;
    if (gate != null) {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      destroyed = true;
    }
    return 0;
  }

  @Override
  public synchronized void release() {
    if (!destroyed || released) {
      throw new AssertionError("release before destroy, or twice");
    }
    if (callsInProgress > 0) {
      throw new AssertionError("memory released while a thread is inside io_getevents");
    }
    released = true;
  }

  private void check() {
    if (destroyed) {
      throw new AssertionError("call on a destroyed context");
    }
  }

  int slots() {
    return slots;
  }
}
