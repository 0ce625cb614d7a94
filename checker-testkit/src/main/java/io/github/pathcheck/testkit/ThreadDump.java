package io.github.pathcheck.testkit;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Every live thread of this JVM, for a failure message: state, the lock each waits for and which thread owns
 * it, the monitors and synchronizers each holds, and its stack; threads in a deadlock are named first.
 */
final class ThreadDump {
  private static final int MAX_FRAMES = 48;

  private ThreadDump() {}

  /** Returns the dump as text. */
  static String ofAllThreads() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    ThreadInfo[] infos =
        threads.dumpAllThreads(threads.isObjectMonitorUsageSupported(), threads.isSynchronizerUsageSupported());
    long[] deadlocked = threads.isSynchronizerUsageSupported() ? threads.findDeadlockedThreads() : null;
    Set<Long> inDeadlock = new HashSet<>();
    StringBuilder out = new StringBuilder();
    if (deadlocked != null) {
      Arrays.stream(deadlocked).forEach(inDeadlock::add);
      out.append("DEADLOCK between ").append(deadlocked.length).append(" threads:\n");
      for (ThreadInfo info : infos) {
        if (info != null && inDeadlock.contains(info.getThreadId())) {
          append(out, info);
        }
      }
      out.append("other threads:\n");
    }
    for (ThreadInfo info : infos) {
      if (info != null && !inDeadlock.contains(info.getThreadId())) {
        append(out, info);
      }
    }
    return out.toString();
  }

  private static void append(StringBuilder out, ThreadInfo info) {
    out.append("  \"")
        .append(info.getThreadName())
        .append("\" #")
        .append(info.getThreadId())
        .append(info.isDaemon() ? " daemon " : " ")
        .append(info.getThreadState());
    LockInfo lock = info.getLockInfo();
    if (lock != null) {
      out.append(" on ").append(lock);
      if (info.getLockOwnerName() != null) {
        out.append(" owned by \"")
            .append(info.getLockOwnerName())
            .append("\" #")
            .append(info.getLockOwnerId());
      }
    }
    if (info.isInNative()) {
      out.append(" (in native code)");
    }
    out.append('\n');
    StackTraceElement[] frames = info.getStackTrace();
    MonitorInfo[] monitors = info.getLockedMonitors();
    for (int depth = 0; depth < frames.length && depth < MAX_FRAMES; depth++) {
      out.append("      at ").append(frames[depth]).append('\n');
      for (MonitorInfo monitor : monitors) {
        if (monitor.getLockedStackDepth() == depth) {
          out.append("      - locked ").append(monitor).append('\n');
        }
      }
    }
    if (frames.length > MAX_FRAMES) {
      out.append("      ... ").append(frames.length - MAX_FRAMES).append(" more frames\n");
    }
    LockInfo[] synchronizers = info.getLockedSynchronizers();
    if (synchronizers.length > 0) {
      out.append("      holds synchronizers ").append(Arrays.toString(synchronizers)).append('\n');
    }
  }
}
