package io.github.pathcheck.tur;

import java.util.List;
import java.util.stream.Collectors;

/** This JVM's tur worker threads, found by name as an operator would find them in a thread dump. */
final class WorkerThreads {
  private WorkerThreads() {}

  /** Returns the live threads named after {@code device}'s tur workers. */
  static List<Thread> of(Object device) {
    String name = TurCheckerClass.WORKER_THREAD_PREFIX + device;
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals(name) && thread.isAlive())
        .collect(Collectors.toList());
  }

  /** Returns every live tur worker thread. */
  static List<Thread> all() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(TurCheckerClass.WORKER_THREAD_PREFIX) && t.isAlive())
        .collect(Collectors.toList());
  }

  /** Waits for each thread to end (the test's timeout bounds the wait). */
  static void join(List<Thread> threads) throws InterruptedException {
    for (Thread thread : threads) {
      thread.join();
    }
  }
}
