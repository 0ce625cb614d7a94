package io.github.pathcheck.tur;

import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.nativeio.SgIoResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A scripted SCSI transport: each device answers the replies queued for it, in order, then its default.
 * A reply may be immediate, or a {@link Gate} that blocks the calling thread until the test releases it (a
 * hung device). Thread-safe.
 */
final class FakeTransport implements SgTransport {
  /** One answer to one command. */
  interface Reply {
    SgIoResult answer();
  }

  private final Function<Path, SgIoResult> otherwise;
  private final Map<Path, Deque<Reply>> scripts = new ConcurrentHashMap<>();
  private final Map<Path, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final List<Thread> callers = Collections.synchronizedList(new ArrayList<>());
  private final List<Duration> timeouts = Collections.synchronizedList(new ArrayList<>());

  /** A transport whose devices answer GOOD unless scripted otherwise. */
  FakeTransport() {
    this(path -> Sg.good());
  }

  FakeTransport(Function<Path, SgIoResult> otherwise) {
    this.otherwise = otherwise;
  }

  /** Queues immediate answers for {@code device}. */
  FakeTransport answer(PathDevice device, SgIoResult... results) {
    for (SgIoResult result : results) {
      script(device).add(() -> result);
    }
    return this;
  }

  /** Queues a reply that blocks until released, then answers {@code result}. */
  Gate block(PathDevice device, SgIoResult result) {
    Gate gate = new Gate(result);
    script(device).add(gate);
    return gate;
  }

  /** Queues a reply of the test's own. */
  FakeTransport reply(PathDevice device, Reply reply) {
    script(device).add(reply);
    return this;
  }

  /** Queues a reply that throws {@code failure}. */
  FakeTransport fail(PathDevice device, RuntimeException failure) {
    script(device).add(
        () -> {
          throw failure;
        });
    return this;
  }

  /** Queues a reply that throws {@code failure}, as a native layer that failed to link does. */
  FakeTransport fail(PathDevice device, LinkageError failure) {
    script(device).add(
        () -> {
          throw failure;
        });
    return this;
  }

  private Deque<Reply> script(PathDevice device) {
    return scripts.computeIfAbsent(device.path(), p -> new ConcurrentLinkedDeque<>());
  }

  /** Returns how many commands {@code device} received. */
  int calls(PathDevice device) {
    AtomicInteger count = calls.get(device.path());
    return count == null ? 0 : count.get();
  }

  /** Returns the replies queued for {@code device} and not used yet. */
  int unused(PathDevice device) {
    Deque<Reply> script = scripts.get(device.path());
    return script == null ? 0 : script.size();
  }

  /** Returns the threads that sent commands, in order. */
  List<Thread> callers() {
    synchronized (callers) {
      return new ArrayList<>(callers);
    }
  }

  /** Returns the command timeouts received, in order. */
  List<Duration> timeouts() {
    synchronized (timeouts) {
      return new ArrayList<>(timeouts);
    }
  }

  @Override
  public SgIoResult testUnitReady(PathDevice device, Duration timeout) {
    calls.computeIfAbsent(device.path(), p -> new AtomicInteger()).incrementAndGet();
    callers.add(Thread.currentThread());
    timeouts.add(timeout);
    Deque<Reply> script = scripts.get(device.path());
    Reply reply = script == null ? null : script.poll();
    return reply == null ? otherwise.apply(device.path()) : reply.answer();
  }

  /** A command the device does not answer until the test says so. */
  static final class Gate implements Reply {
    private final SgIoResult result;
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile Thread thread;

    Gate(SgIoResult result) {
      this.result = result;
    }

    @Override
    public SgIoResult answer() {
      thread = Thread.currentThread();
      entered.countDown();
      boolean interrupted = false;
      while (true) {
        try {
          released.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // like a thread in ioctl: not interruptible
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return result;
    }

    /** Waits until a thread is blocked in this command, and returns it. */
    Thread awaitEntered() throws InterruptedException {
      entered.await();
      return thread;
    }

    void release() {
      released.countDown();
    }
  }
}
