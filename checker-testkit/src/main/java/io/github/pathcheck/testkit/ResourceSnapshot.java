package io.github.pathcheck.testkit;

import io.github.pathcheck.nativeio.AioUsage;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What this process holds that a checker might leak, at one moment: its open file descriptors ({@code
 * /proc/self/fd}), its live threads, and its Linux aio contexts.
 *
 * <p>Take one snapshot before the code under test, one after it has released everything, and ask {@link
 * #leaksSince(ResourceSnapshot)} what is new; or let {@link #leaksSince(ResourceSnapshot, Duration)} take
 * snapshots until the releases have shown, within a margin:
 *
 * <pre>{@code
 * ResourceSnapshot before = ResourceSnapshot.take();
 * ... load, init, check, free, unload, await UnloadResult.released() ...
 * assertThat(ResourceSnapshot.leaksSince(before, Duration.ofSeconds(5))).isEmpty();
 * }</pre>
 *
 * <p><b>aio contexts</b> are counted from this process's own {@code [aio]} mappings in {@code
 * /proc/self/maps}, one per {@code io_setup} context, so that other processes on the machine cannot disturb
 * the comparison; the system-wide {@code /proc/sys/fs/aio-nr} (events reserved by every process) is recorded
 * too, for the report.
 *
 * <p><b>File descriptors</b> the process opens on its own are not counted: its class path's jars, the control
 * group files the JVM's container support reads from its own threads, and the file of closure trampolines
 * that JNA's libffi opens at the process's first JNA binding and keeps.
 *
 * <p><b>Threads</b> of the JVM and of test infrastructure that come and go on their own (the common
 * fork-join pool's workers, the process reaper, the attach listener, JNA's cleaner, JUnit's and Surefire's own
 * threads) are not counted.
 *
 * <p>Immutable and thread-safe. A snapshot holds no reference to the threads it saw.
 */
public final class ResourceSnapshot {
  private static final Path FD_DIR = Path.of("/proc/self/fd");
  private static final String CGROUP_FS = "/sys/fs/cgroup/";
  /**
   * libffi's (inside JNA) file of closure trampolines: a temporary file, unlinked as soon as it is open, then
   * open for the process's life; a file so named that is still linked is someone else's, and counts.
   */
  private static final Pattern FFI_TRAMPOLINES = Pattern.compile(".*/ffi[A-Za-z0-9]{6} \\(deleted\\)");
  private static final long LEAK_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  /** The jars of this JVM's class path and module path, as absolute and as real paths. */
  private static final Set<String> JVM_JARS = jvmJars();
  private static final List<String> INFRASTRUCTURE_THREAD_PREFIXES =
      List.of(
          "ForkJoinPool.commonPool-worker",
          "process reaper",
          "Attach Listener",
          "Common-Cleaner",
          "JNA Cleaner",
          "surefire-forkedjvm",
          "junit-");

  private final Map<Integer, String> openFds;
  private final Map<Long, String> threads;
  private final int aioContexts;
  private final long systemAioNr;

  private ResourceSnapshot(
      Map<Integer, String> openFds, Map<Long, String> threads, int aioContexts, long systemAioNr) {
    this.openFds = openFds;
    this.threads = threads;
    this.aioContexts = aioContexts;
    this.systemAioNr = systemAioNr;
  }

  /**
   * Takes a snapshot of this process now.
   *
   * @throws UncheckedIOException if {@code /proc} cannot be read (pathcheck runs on Linux only)
   */
  public static ResourceSnapshot take() {
    // The aio counts first: the first use of the native layer opens descriptors it keeps for good, which
    // must not show up as new in the second snapshot of a JVM.
    int aioContexts = AioUsage.contextsOfThisProcess();
    long systemAioNr = AioUsage.aioNr();
    return new ResourceSnapshot(readOpenFds(), readThreads(), aioContexts, systemAioNr);
  }

  /** Returns the open file descriptors and what each refers to (its {@code /proc/self/fd} link). */
  public Map<Integer, String> openFds() {
    return openFds;
  }

  /** Returns the live threads that are not JVM or test infrastructure, by thread id, with their names. */
  public Map<Long, String> threads() {
    return threads;
  }

  /** Returns the number of aio contexts ({@code io_setup}) this process holds. */
  public int aioContexts() {
    return aioContexts;
  }

  /** Returns {@code /proc/sys/fs/aio-nr}: the aio events reserved by every process on the machine. */
  public long systemAioNr() {
    return systemAioNr;
  }

  /**
   * Returns what this snapshot holds that {@code before} did not, one readable line per leak (a file
   * descriptor and its target, a thread with its name, state and the top of its stack, a count of extra aio
   * contexts); empty when nothing leaked.
   */
  public List<String> leaksSince(ResourceSnapshot before) {
    List<String> leaks = new ArrayList<>();
    openFds.forEach(
        (fd, target) -> {
          if (!target.equals(before.openFds.get(fd))) {
            leaks.add("file descriptor " + fd + " -> " + target);
          }
        });
    if (threads.keySet().stream().anyMatch(id -> !before.threads.containsKey(id))) {
      Map<Long, Thread> live = liveThreads();
      threads.forEach(
          (id, name) -> {
            if (!before.threads.containsKey(id)) {
              leaks.add(describeThread(name, live.get(id)));
            }
          });
    }
    if (aioContexts > before.aioContexts) {
      leaks.add(
          (aioContexts - before.aioContexts)
              + " aio context(s) not destroyed (io_destroy): "
              + before.aioContexts
              + " before, "
              + aioContexts
              + " after; /proc/sys/fs/aio-nr "
              + before.systemAioNr
              + " before, "
              + systemAioNr
              + " after");
    }
    return Collections.unmodifiableList(leaks);
  }

  /**
   * Takes snapshots of this process until one holds nothing that {@code before} did not, or {@code margin}
   * has passed, and returns the {@linkplain #leaksSince(ResourceSnapshot) leaks} of the last one; empty when
   * nothing leaked.
   *
   * <p>For the check after a release: what was released may be gone a moment after the code said so (a
   * thread ends after it signalled its release; an {@code io_destroy} thread after its completion). What is
   * still there after the margin is a leak. It returns as soon as nothing is left, so a passing check does not
   * wait out the margin. Keep the margin to what the releases need, and use none where nothing is released
   * late: a descriptor that a cleaner closes when its owner is collected (an unclosed {@code LinuxPathDevice})
   * is hidden if a garbage collection runs within the margin.
   *
   * <pre>{@code
   * assertThat(ResourceSnapshot.leaksSince(before, Duration.ofSeconds(5))).isEmpty();
   * }</pre>
   *
   * @param margin how long releases may take to show; zero takes a single snapshot
   * @throws UncheckedIOException if {@code /proc} cannot be read (pathcheck runs on Linux only)
   */
  public static List<String> leaksSince(ResourceSnapshot before, Duration margin) {
    Objects.requireNonNull(before, "before");
    if (margin.isNegative()) {
      throw new IllegalArgumentException("the margin must not be negative, got " + margin);
    }
    long deadline = System.nanoTime() + margin.toNanos();
    List<String> leaks = take().leaksSince(before);
    while (!leaks.isEmpty() && deadline - System.nanoTime() > 0) {
      LockSupport.parkNanos(LEAK_POLL_NANOS);
      leaks = take().leaksSince(before);
    }
    return leaks;
  }

  @Override
  public String toString() {
    return "ResourceSnapshot{fds="
        + openFds.size()
        + ", threads="
        + threads.size()
        + ", aioContexts="
        + aioContexts
        + ", aio-nr="
        + systemAioNr
        + "}";
  }

  private static String describeThread(String name, Thread thread) {
    if (thread == null) {
      return "thread '" + name + "' (ended while being described)";
    }
    StackTraceElement[] frames = thread.getStackTrace();
    // The thread's own code says more than the JDK frames it waits in.
    List<StackTraceElement> own =
        Arrays.stream(frames).filter(f -> !isJdkFrame(f)).limit(5).collect(Collectors.toList());
    List<StackTraceElement> shown =
        own.isEmpty() ? Arrays.asList(frames).subList(0, Math.min(5, frames.length)) : own;
    String stack =
        shown.stream()
            .map(StackTraceElement::toString)
            .collect(Collectors.joining("\n      at ", "\n      at ", ""));
    return "thread '"
        + name
        + "' ("
        + thread.getState()
        + (thread.isDaemon() ? ", daemon" : "")
        + ")"
        + (frames.length == 0 ? "" : stack);
  }

  private static boolean isJdkFrame(StackTraceElement frame) {
    String name = frame.getClassName();
    return name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun.");
  }

  private static Set<String> jvmJars() {
    Set<String> jars = new HashSet<>();
    for (String property : new String[] {"java.class.path", "jdk.module.path"}) {
      for (String entry : System.getProperty(property, "").split(File.pathSeparator)) {
        if (!entry.isEmpty()) {
          Path jar = Path.of(entry).toAbsolutePath().normalize();
          jars.add(jar.toString());
          try {
            // /proc/self/fd names the file itself: a class path through a symbolic link must match too.
            jars.add(jar.toRealPath().toString());
          } catch (IOException e) {
            // an entry that does not exist is never opened
          }
        }
      }
    }
    return Set.copyOf(jars);
  }

  private static Map<Integer, String> readOpenFds() {
    Map<Integer, String> fds = new TreeMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(FD_DIR)) {
      for (Path entry : entries) {
        String target;
        try {
          target = Files.readSymbolicLink(entry).toString();
        } catch (NoSuchFileException e) {
          continue; // closed while we listed
        }
        // The directory stream's own descriptor, open only while we list; the JVM's own jars, which it
        // opens the first time it loads a class from them, whoever asked; the control group files the
        // JVM's container support reads on its own threads (a memory limit, for the heap's sizing); and the
        // file libffi maps JNA's closures from, opened by the process's first JNA binding, whoever made it.
        if (target.startsWith("/proc/") && target.endsWith("/fd")
            || JVM_JARS.contains(target)
            || target.startsWith(CGROUP_FS)
            || FFI_TRAMPOLINES.matcher(target).matches()) {
          continue;
        }
        fds.put(Integer.parseInt(entry.getFileName().toString()), target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + FD_DIR + "; pathcheck runs on Linux only", e);
    }
    return Collections.unmodifiableMap(fds);
  }

  private static Map<Long, String> readThreads() {
    Map<Long, String> threads = new TreeMap<>();
    liveThreads().forEach(
        (id, thread) -> {
          if (!isInfrastructure(thread.getName())) {
            threads.put(id, thread.getName());
          }
        });
    return Collections.unmodifiableMap(threads);
  }

  private static Map<Long, Thread> liveThreads() {
    Map<Long, Thread> live = new TreeMap<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.isAlive()) {
        live.put(thread.getId(), thread);
      }
    }
    return live;
  }

  private static boolean isInfrastructure(String name) {
    return INFRASTRUCTURE_THREAD_PREFIXES.stream().anyMatch(name::startsWith);
  }
}
