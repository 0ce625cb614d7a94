package io.github.pathcheck.monitor;

/** How a {@link PathMonitor} waits its shared short wait; a seam for tests, which count the waits. */
@FunctionalInterface
interface Sleeper {
  Sleeper REAL = nanos -> java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos);

  void sleep(long nanos) throws InterruptedException;
}
