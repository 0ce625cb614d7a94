package io.github.pathcheck.examples.cli;

import io.github.pathcheck.nativeio.AioUsage;
import io.github.pathcheck.nativeio.AnonymousMemory;
import io.github.pathcheck.nativeio.NativeException;
import io.github.pathcheck.nativeio.aio.LinuxAio;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pathcheck-bench aio-destroy}: the kernel's floor for tearing down aio contexts, to set directio's
 * unload beside: one {@code io_destroy} alone, G one after another, and G from G threads at once (which share
 * one RCU grace period).
 */
@Command(
    name = "aio-destroy",
    mixinStandardHelpOptions = true,
    description = {
      "Times io_destroy of raw aio contexts: one alone, G one after another, G in parallel (medians).",
      "Prints contexts, rounds, oneMillis, serialMillis, parallelMillis."
    })
final class BenchAioDestroyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--contexts", required = true, paramLabel = "G", description = "How many contexts.")
  int contexts;

  @Option(names = "--nr-events", defaultValue = "1024", paramLabel = "N",
      description = "io_setup's nr_events per context (default: ${DEFAULT-VALUE}, directio's group size).")
  int nrEvents;

  @Option(names = "--rounds", defaultValue = "5", paramLabel = "R",
      description = "Repetitions; the medians are printed (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Override
  public Integer call() throws NativeException, InterruptedException {
    if (contexts <= 0 || rounds <= 0 || nrEvents <= 0) {
      throw new IllegalArgumentException("--contexts, --rounds and --nr-events must be positive");
    }
    double[] one = new double[rounds];
    double[] serial = new double[rounds];
    double[] parallel = new double[rounds];
    try (AnonymousMemory ctxs = AnonymousMemory.map(8L * contexts)) {
      for (int round = 0; round < rounds; round++) {
        setup(ctxs, 1);
        long start = System.nanoTime();
        destroy(ctxs, 0);
        one[round] = Figures.millis(System.nanoTime() - start);

        setup(ctxs, contexts);
        start = System.nanoTime();
        for (int i = 0; i < contexts; i++) {
          destroy(ctxs, i);
        }
        serial[round] = Figures.millis(System.nanoTime() - start);

        setup(ctxs, contexts);
        parallel[round] = destroyInParallel(ctxs);
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("contexts", contexts);
    result.put("rounds", rounds);
    result.put("oneMillis", Figures.median(one));
    result.put("serialMillis", Figures.median(serial));
    result.put("parallelMillis", Figures.median(parallel));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.object(result));
    } else {
      result.forEach((key, value) -> out.printf("%-15s %s%n", key, value));
    }
    out.flush();
    return 0;
  }

  private void setup(AnonymousMemory ctxs, int count) {
    for (int i = 0; i < count; i++) {
      ctxs.putLong(8L * i, 0);
      int result = LinuxAio.ioSetup(nrEvents, ctxs.address() + 8L * i);
      if (result < 0) {
        for (int j = 0; j < i; j++) {
          destroy(ctxs, j);
        }
        throw new IllegalStateException(
            "io_setup(" + nrEvents + ") failed with errno " + -result + " after " + i + " contexts; "
                + "fs.aio-nr is " + AioUsage.aioNr() + ": lower --contexts or --nr-events, or raise "
                + "fs.aio-max-nr");
      }
    }
  }

  private static void destroy(AnonymousMemory ctxs, int index) {
    int result = LinuxAio.ioDestroy(ctxs.getLong(8L * index));
    if (result < 0) {
      throw new IllegalStateException("io_destroy failed with errno " + -result);
    }
  }

  /** Destroys the contexts from one thread each, released together; returns the wall time in ms. */
  private double destroyInParallel(AnonymousMemory ctxs) throws InterruptedException {
    CountDownLatch ready = new CountDownLatch(contexts);
    CountDownLatch go = new CountDownLatch(1);
    Thread[] threads = new Thread[contexts];
    for (int i = 0; i < contexts; i++) {
      int index = i;
      threads[i] = new Thread(() -> {
        ready.countDown();
        try {
          go.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        destroy(ctxs, index);
      }, "pathcheck-bench-destroy-" + i);
      threads[i].start();
    }
    ready.await();
    long start = System.nanoTime();
    go.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    return Figures.millis(System.nanoTime() - start);
  }
}
