package com.example.outside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.example.outside.asyncok.AsyncReadProvider;
import com.example.outside.rawok.RawReadProvider;
import com.example.outside.syncok.BlockReadProvider;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.CheckerProvider;
import io.github.pathcheck.testkit.CheckerContractKit;
import io.github.pathcheck.testkit.PluginJars;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Measures the kit against plugins written from the README by an outside author, each with one realistic bug
 * (the packages under {@code com.example.outside}), and against the three correct plugins they were made from,
 * which must pass. Not part of the build: it takes minutes, so it runs only with {@code
 * -Dpathcheck.kit.variants=true}:
 *
 * <pre>
 * ./mvnw -B -o test -pl checker-testkit -Dtest=OutsideVariantsTest -Dpathcheck.kit.variants=true
 * </pre>
 *
 * <p>It writes {@code target/outside-variants.md}: per variant, the bug, whether the kit failed it and the first
 * line of each failing contract's message (and of each skipped one's reason); and the catch rate. {@code
 * -Dpathcheck.kit.variants.only=name,name} runs only those variants.
 */
@EnabledIfSystemProperty(named = "pathcheck.kit.variants", matches = "true")
class OutsideVariantsTest {
  /** The correct plugins, which the kit must pass whole. */
  private static final List<Variant> CORRECT =
      List.of(
          new Variant("syncok", BlockReadProvider.class, false, "none: synchronous, on the SPI's base classes"),
          new Variant("asyncok", AsyncReadProvider.class, true, "none: asynchronous, a reader pool of its own"),
          new Variant("rawok", RawReadProvider.class, false, "none: synchronous, without the base classes"));

  /** One realistic bug each. */
  private static final List<Variant> FAULTY =
      List.of(
          new Variant(
              "leakfd",
              com.example.outside.leakfd.BlockReadProvider.class,
              false,
              "opens a FileChannel per check and never closes it (only a garbage collection does)"),
          new Variant(
              "statsthread",
              com.example.outside.statsthread.BlockReadProvider.class,
              false,
              "starts a statistics thread in its class and never stops it"),
          new Variant(
              "idlepool",
              com.example.outside.idlepool.AsyncReadProvider.class,
              true,
              "never shuts its reader pool down: onUnload() answers complete and the pool threads idle on"),
          new Variant(
              "unloadearly",
              com.example.outside.unloadearly.AsyncReadProvider.class,
              true,
              "shuts its pool down in onUnload() but answers complete while a read still hangs"),
          new Variant(
              "deadlock",
              com.example.outside.deadlock.AsyncReadProvider.class,
              true,
              "holds a class-wide statistics lock around each read, which onUnload() takes too"),
          new Variant(
              "jnapid",
              com.example.outside.jnapid.BlockReadProvider.class,
              false,
              "binds libc with JNA itself (Native.load) to log its pid"),
          new Variant(
              "loghandler",
              com.example.outside.loghandler.BlockReadProvider.class,
              false,
              "adds a java.util.logging handler of its own to the root logger for its debug output"),
          new Variant(
              "shutdownhook",
              com.example.outside.shutdownhook.BlockReadProvider.class,
              false,
              "registers a shutdown hook that logs how many checks ran"),
          new Variant(
              "threadlocal",
              com.example.outside.threadlocal.AsyncReadProvider.class,
              true,
              "keeps a per-thread stopwatch of its own class in a ThreadLocal on the host threads that call check()"),
          new Variant(
              "parsethrows",
              com.example.outside.parsethrows.BlockReadProvider.class,
              false,
              "parses the block it read, which throws BufferUnderflowException on a short read"),
          new Variant(
              "nullstate",
              com.example.outside.nullstate.BlockReadProvider.class,
              false,
              "looks its answer up in a table by bytes read: null for a short read"),
          new Variant(
              "nospace",
              com.example.outside.nospace.BlockReadProvider.class,
              false,
              "builds its short-read message without the leading space"),
          new Variant(
              "wrongname",
              com.example.outside.wrongname.BlockReadProvider.class,
              false,
              "names its class \"block-read\" while its provider says \"blockread\""),
          new Variant(
              "nofd",
              com.example.outside.nofd.RawReadProvider.class,
              false,
              "reads the path by name and never looks at the descriptor: a device with fd -1 answers up"),
          new Variant(
              "stalemessage",
              com.example.outside.stalemessage.BlockReadProvider.class,
              false,
              "keeps the reason of its last failure in a field and sends it with the next up answer too"),
          new Variant(
              "notimeout",
              com.example.outside.notimeout.AsyncReadProvider.class,
              true,
              "never answers timeout: poll() waits for the read however long it hangs"),
          new Variant(
              "pendingblocks",
              com.example.outside.pendingblocks.AsyncReadProvider.class,
              true,
              "collects the read in poll() with Future.get(), which waits for it"),
          new Variant(
              "checkblocks",
              com.example.outside.checkblocks.AsyncReadProvider.class,
              true,
              "waits in probe() for the read in both modes, though it declares itself asynchronous-capable"),
          new Variant(
              "secondread",
              com.example.outside.secondread.AsyncReadProvider.class,
              true,
              "starts a new read on every check, also while one is in flight"),
          new Variant(
              "needwait",
              com.example.outside.needwait.AsyncReadProvider.class,
              true,
              "advises waiting whenever it has not been polled since its last answer"),
          new Variant(
              "anyoption",
              com.example.outside.anyoption.BlockReadProvider.class,
              false,
              "accepts whatever class options it is given"),
          new Variant(
              "anyproperty",
              com.example.outside.anyproperty.RawReadProvider.class,
              false,
              "ignores the per-path properties it is given"),
          new Variant(
              "freekeeps",
              com.example.outside.freekeeps.RawReadProvider.class,
              false,
              "free() marks the checker freed but leaves it in the class's live set"),
          new Variant(
              "unloadkeeps",
              com.example.outside.unloadkeeps.RawReadProvider.class,
              false,
              "unload() marks the class unloaded but leaves its live checkers working"),
          new Variant(
              "afterfree",
              com.example.outside.afterfree.RawReadProvider.class,
              false,
              "check() and pending() do not look whether the checker was freed"),
          new Variant(
              "freetwice",
              com.example.outside.freetwice.RawReadProvider.class,
              false,
              "free() throws when called a second time"),
          new Variant(
              "afterunload",
              com.example.outside.afterunload.RawReadProvider.class,
              false,
              "init() and reset() keep working after unload"),
          new Variant(
              "resetnull",
              com.example.outside.resetnull.BlockReadProvider.class,
              false,
              "drops its shared buffer pool in reset() to free memory, which the next check dereferences"),
          new Variant(
              "staticmap",
              com.example.outside.staticmap.RawReadProvider.class,
              false,
              "keeps every class's checkers in a static HashMap, put and removed without synchronisation"),
          new Variant(
              "liveset",
              com.example.outside.liveset.RawReadProvider.class,
              false,
              "keeps its live set and a live count without synchronisation")
      );

  /** The variant the kit runs on; set before each run. */
  private static volatile Variant current;

  @Test
  void theKitFailsAtLeastNineInTenFaultyPluginsAndPassesTheCorrectOnes() throws IOException {
    List<String> only = List.of(System.getProperty("pathcheck.kit.variants.only", "").split(","));
    Map<Variant, Map<String, String>> failures = new LinkedHashMap<>();
    Map<Variant, Map<String, String>> skipped = new LinkedHashMap<>();
    for (Variant variant : CORRECT) {
      if (only.equals(List.of("")) || only.contains(variant.name)) {
        failures.put(variant, run(variant, skipped.computeIfAbsent(variant, v -> new LinkedHashMap<>())));
      }
    }
    List<Variant> faulty = new ArrayList<>();
    for (Variant variant : FAULTY) {
      if (only.equals(List.of("")) || only.contains(variant.name)) {
        faulty.add(variant);
        failures.put(variant, run(variant, skipped.computeIfAbsent(variant, v -> new LinkedHashMap<>())));
      }
    }
    StringBuilder report = new StringBuilder("| variant | bug | caught by |\n|---|---|---|\n");
    int caught = 0;
    List<String> passed = new ArrayList<>();
    for (Map.Entry<Variant, Map<String, String>> entry : failures.entrySet()) {
      Variant variant = entry.getKey();
      Map<String, String> failed = entry.getValue();
      if (faulty.contains(variant)) {
        if (failed.isEmpty()) {
          passed.add(variant.name);
        } else {
          caught++;
        }
      }
      report.append("| ").append(variant.name).append(" | ").append(variant.bug).append(" | ");
      if (failed.isEmpty()) {
        report.append("(passed)");
      }
      failed.forEach(
          (test, message) ->
              report.append("<br>").append(test).append(": ").append(escape(firstLine(message))));
      skipped.get(variant).forEach(
          (test, message) ->
              report.append("<br>(skipped ").append(test).append(": ").append(escape(firstLine(message))).append(')'));
      report.append(" |\n");
    }
    report
        .append("\nfaulty plugins failed: ")
        .append(caught)
        .append(" of ")
        .append(faulty.size())
        .append("; passed: ")
        .append(passed)
        .append('\n');
    Path out = Path.of("target", "outside-variants.md");
    Files.writeString(out, report);
    System.out.println(report);

    for (Variant variant : CORRECT) {
      assertThat(failures.getOrDefault(variant, Map.of()))
          .as("failed contracts of the correct plugin %s", variant.name)
          .isEmpty();
    }
    assertThat(caught * 10).as("faulty plugins failed, x10, of %s; passed: %s", faulty.size(), passed)
        .isGreaterThanOrEqualTo(faulty.size() * 9);
  }

  /**
   * Runs the kit on the variants whose bug is a race, {@code -Dpathcheck.kit.variants.repeat=N} times each (10 by
   * default), and reports how often it failed each: a race shows only when threads interleave badly, so one run
   * is a sample.
   */
  @Test
  @EnabledIfSystemProperty(named = "pathcheck.kit.variants.repeat", matches = "[0-9]+")
  void racesAreCaughtInMostRuns() throws IOException {
    int runs = Integer.getInteger("pathcheck.kit.variants.repeat", 10);
    StringBuilder report = new StringBuilder();
    for (Variant variant : FAULTY) {
      if (!variant.name.equals("staticmap") && !variant.name.equals("liveset")) {
        continue;
      }
      int caught = 0;
      for (int i = 0; i < runs; i++) {
        if (!run(variant, new LinkedHashMap<>()).isEmpty()) {
          caught++;
        }
      }
      report.append(variant.name).append(": failed ").append(caught).append(" of ").append(runs).append(" runs\n");
    }
    Files.writeString(Path.of("target", "outside-variants-races.txt"), report);
    System.out.println(report);
  }

  /** Runs the whole kit on one variant; returns its failed contracts and their messages, and adds the skipped. */
  private static Map<String, String> run(Variant variant, Map<String, String> skipped) {
    current = variant;
    Map<String, String> failed = new LinkedHashMap<>();
    try {
      EngineExecutionResults results =
          EngineTestKit.engine("junit-jupiter").selectors(selectClass(VariantKit.class)).execute();
      for (Event event : results.allEvents().finished().list()) {
        TestExecutionResult result = event.getPayload(TestExecutionResult.class).orElseThrow();
        String test =
            event.getTestDescriptor().getSource()
                .filter(MethodSource.class::isInstance)
                .map(s -> ((MethodSource) s).getMethodName())
                .orElse(event.getTestDescriptor().getDisplayName());
        String message = String.valueOf(result.getThrowable().orElse(null));
        if (result.getStatus() == TestExecutionResult.Status.FAILED) {
          failed.merge(test, message, (a, b) -> a);
        } else if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
          skipped.merge(test, message, (a, b) -> a);
        }
      }
    } finally {
      current = null;
      removePluginLogHandlers();
    }
    return failed;
  }

  /** The loggers' handlers a variant left: a plugin class's handler would pin it for the rest of the run. */
  private static void removePluginLogHandlers() {
    Logger root = Logger.getLogger("");
    for (Handler handler : root.getHandlers()) {
      if (handler.getClass().getName().startsWith("com.example.outside.")) {
        root.removeHandler(handler);
      }
    }
  }

  /** The message's first lines, enough to show the rule, the fix and what the kit named. */
  private static String firstLine(String message) {
    String lines = String.join(" / ", message.lines().limit(4).toArray(String[]::new));
    return lines.length() > 700 ? lines.substring(0, 700) + "..." : lines;
  }

  private static String escape(String text) {
    return text.replace("|", "\\|");
  }

  /** A plugin of the set: its provider, whether it is asynchronous-capable, and its bug. */
  static final class Variant {
    final String name;
    final Class<? extends CheckerProvider> provider;
    final boolean async;
    final String bug;

    Variant(String name, Class<? extends CheckerProvider> provider, boolean async, String bug) {
      this.name = name;
      this.provider = provider;
      this.async = async;
      this.bug = bug;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** The author's contract test, as the README writes it, for the variant being run. */
  static class VariantKit extends CheckerContractKit {
    private final Variant variant = current;

    @Override
    protected CheckerProvider provider() {
      try {
        return variant.provider.getDeclaredConstructor().newInstance();
      } catch (InstantiationException | IllegalAccessException | NoSuchMethodException e) {
        throw new AssertionError(e);
      } catch (InvocationTargetException e) {
        throw new AssertionError(e.getCause());
      }
    }

    @Override
    protected boolean isAsyncCapable() {
      return variant.async;
    }

    @Override
    protected CheckerOptions checkerOptions() {
      return super.checkerOptions().withTimeout(Duration.ofSeconds(2)); // keeps the hanging device's waits short
    }

    @Override
    protected Optional<Path> pluginJar() {
      return Optional.of(PluginJars.packageOf(variant.provider));
    }
  }
}
