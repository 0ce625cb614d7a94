package io.github.pathcheck.examples.cli;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerInitException;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.api.UnloadResult;
import io.github.pathcheck.directio.DirectioFigures;
import io.github.pathcheck.directio.DirectioSnapshot;
import io.github.pathcheck.nativeio.AioUsage;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pathcheck-bench lifecycle}: the cost of setting up and tearing down many checkers: init N checkers
 * on N descriptors of one device, free them all, unload the class; with directio, its aio counters.
 */
@Command(
    name = "lifecycle",
    mixinStandardHelpOptions = true,
    description = {
      "Inits N checkers on N descriptors of one device, frees them all, and unloads the class.",
      "Prints paths, groupSize, groups, initMillis, freeMillis, unloadMillis, ioSetupCalls, ioDestroyCalls,"
          + " ioDestroyCallsDuringFree, aioNrBefore, aioNrPeak, aioNrAfter, then checkMillis,"
          + " heapBytesPerChecker, rssBytesPerChecker.",
      "Between init and free, every checker makes one sync check (so its buffer is touched); the memory"
          + " figures are taken then: used heap after GC and VmRSS, less what they were before init.",
      "For a VmRSS delta that means something, give the JVM a fixed, pre-touched heap: PATHCHECK_JAVA_OPTS="
          + "\"-Xms256m -Xmx256m -XX:+AlwaysPreTouch\" (see BENCHMARKS.md).",
      "With --cycles K > 1 the whole cycle (load, init, check, free, unload) runs K times in this JVM, as a"
          + " long-running host reconfigures: the figures are the first cycle's (a fresh JVM), and"
          + " warmUnloadMillis and warmFreeMillis the medians of the later cycles."
    })
final class BenchLifecycleCommand implements Callable<Integer> {
  private static final Duration UNLOAD_WAIT = Duration.ofSeconds(120);

  @Spec CommandSpec spec;

  @Option(names = "--checker", defaultValue = "directio", paramLabel = "NAME",
      description = "The checker (default: ${DEFAULT-VALUE}).")
  String checkerName;

  @Option(names = "--paths", required = true, paramLabel = "N", description = "How many checkers.")
  int paths;

  @Option(names = "--group-size", paramLabel = "G",
      description = "directio's class option groupSize (default: the class's, 1024).")
  Integer groupSize;

  @Option(names = "--cycles", defaultValue = "1", paramLabel = "K",
      description = "Run the whole cycle K times in this JVM (default: ${DEFAULT-VALUE}); see above.")
  int cycles;

  @Mixin BenchDeviceOption device;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Override
  public Integer call() throws IOException, CheckerInitException, InterruptedException {
    if (paths <= 0 || cycles <= 0) {
      throw new IllegalArgumentException(
          "--paths and --cycles must be positive, got " + paths + " and " + cycles);
    }
    try (BenchDevices bench = device.open(paths)) {
      Map<String, Object> first = measure(bench.devices());
      if (cycles > 1) {
        double[] unloads = new double[cycles - 1];
        double[] frees = new double[cycles - 1];
        for (int cycle = 1; cycle < cycles; cycle++) {
          Map<String, Object> warm = measure(bench.devices());
          unloads[cycle - 1] = (Double) warm.get("unloadMillis");
          frees[cycle - 1] = (Double) warm.get("freeMillis");
        }
        first.put("cycles", cycles);
        first.put("warmUnloadMillis", Figures.median(unloads));
        first.put("warmFreeMillis", Figures.median(frees));
      }
      print(first);
    }
    return 0;
  }

  private Map<String, Object> measure(List<LinuxPathDevice> devices)
      throws CheckerInitException, InterruptedException {
    Map<String, String> classOptions =
        groupSize == null ? Map.of() : Map.of("groupSize", Integer.toString(groupSize));
    CheckerOptions options = CheckerOptions.defaults().withMode(CheckMode.SYNC);
    long aioNrBefore = AioUsage.aioNr();
    // The class itself, loaded from its provider, not through a registry: this measures the class's own
    // lifecycle, and reads its counters (directio's snapshot), which a registry's handle does not expose.
    CheckerClass checkerClass = providerOf(checkerName).load(classOptions);
    boolean unloaded = false;
    try {
      List<Checker> checkers = new ArrayList<>(devices.size());
      long heapBefore = ProcessMemory.usedHeapAfterGc();
      long rssBefore = ProcessMemory.residentBytes();
      long initStart = System.nanoTime();
      try {
        for (LinuxPathDevice device : devices) {
          checkers.add(checkerClass.init(device, options));
        }
      } catch (CheckerInitException | RuntimeException e) {
        checkers.forEach(Checker::free);
        throw e;
      }
      long initNanos = System.nanoTime() - initStart;
      long aioNrPeak = AioUsage.aioNr();
      int groups = groupsOf(checkerClass);

      long checkStart = System.nanoTime();
      for (Checker checker : checkers) {
        checker.check();
      }
      long checkNanos = System.nanoTime() - checkStart;
      long heapAfter = ProcessMemory.usedHeapAfterGc();
      long rssAfter = ProcessMemory.residentBytes();

      long freeStart = System.nanoTime();
      for (Checker checker : checkers) {
        checker.free();
      }
      long freeNanos = System.nanoTime() - freeStart;
      DirectioSnapshot afterFree = snapshotOf(checkerClass);

      long unloadStart = System.nanoTime();
      unloaded = true;
      awaitReleased(checkerClass.unload());
      long unloadNanos = System.nanoTime() - unloadStart;
      DirectioSnapshot afterUnload = snapshotOf(checkerClass);

      Map<String, Object> result = new LinkedHashMap<>();
      result.put("paths", devices.size());
      result.put(
          "groupSize", checkerClass.unwrap(DirectioFigures.class).map(DirectioFigures::groupSize).orElse(0));
      result.put("groups", groups);
      result.put("initMillis", Figures.millis(initNanos));
      result.put("freeMillis", Figures.millis(freeNanos));
      result.put("unloadMillis", Figures.millis(unloadNanos));
      result.put("ioSetupCalls", afterUnload == null ? 0 : afterUnload.ioSetupCalls());
      result.put("ioDestroyCalls", afterUnload == null ? 0 : afterUnload.ioDestroyCalls());
      result.put("ioDestroyCallsDuringFree", afterFree == null ? 0 : afterFree.ioDestroyCallsDuringFree());
      result.put("aioNrBefore", aioNrBefore);
      result.put("aioNrPeak", aioNrPeak);
      result.put("aioNrAfter", AioUsage.aioNr());
      result.put("checkMillis", Figures.millis(checkNanos));
      result.put("heapBytesPerChecker", (heapAfter - heapBefore) / devices.size());
      result.put("rssBytesPerChecker", (rssAfter - rssBefore) / devices.size());
      return result;
    } finally {
      if (!unloaded) {
        checkerClass.unload();
      }
    }
  }

  /** Returns the provider of {@code name} on the class path. */
  private static CheckerProvider providerOf(String name) {
    for (CheckerProvider provider : ServiceLoader.load(CheckerProvider.class)) {
      if (provider.name().equals(name)) {
        return provider;
      }
    }
    throw new NoSuchElementException("no checker named \"" + name + "\" on the class path");
  }

  private static void awaitReleased(UnloadResult unload) throws InterruptedException {
    try {
      unload.released().toCompletableFuture().get(UNLOAD_WAIT.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "unload has not released everything after " + UNLOAD_WAIT.toSeconds() + " s: "
              + unload.outstanding());
    } catch (ExecutionException e) {
      throw new IllegalStateException("unload failed to release everything: " + unload.outstanding(),
          e.getCause());
    }
  }

  private static int groupsOf(CheckerClass checkerClass) {
    DirectioSnapshot snapshot = snapshotOf(checkerClass);
    return snapshot == null ? 0 : snapshot.groups().size();
  }

  private static DirectioSnapshot snapshotOf(CheckerClass checkerClass) {
    return checkerClass.unwrap(DirectioFigures.class).map(DirectioFigures::snapshot).orElse(null);
  }

  private void print(Map<String, Object> result) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.object(result));
    } else {
      result.forEach((key, value) -> out.printf("%-25s %s%n", key, value));
    }
    out.flush();
  }
}
