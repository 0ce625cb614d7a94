package io.github.pathcheck.agent;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * An executor's thread factory that makes daemon threads of one name and keeps them, so that the executor's owner
 * can wait for them to end once it shut the executor down: an executor counts as terminated a moment before its
 * last thread ends. Thread-safe.
 */
final class JoiningThreads implements ThreadFactory {
  private final String name;
  private final Queue<Thread> threads = new ConcurrentLinkedQueue<>();

  JoiningThreads(String name) {
    this.name = name;
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    threads.add(thread);
    return thread;
  }

  /** Returns the threads made so far. */
  List<Thread> threads() {
    return List.copyOf(threads);
  }

  /** Waits up to {@code bound} for every thread made so far to end; returns whether they all did. */
  boolean join(Duration bound) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    for (Thread thread : threads) {
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (thread.isAlive()) {
        return false;
      }
    }
    return true;
  }
}
