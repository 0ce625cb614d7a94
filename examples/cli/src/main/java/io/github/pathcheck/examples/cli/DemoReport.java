package io.github.pathcheck.examples.cli;

import io.github.pathcheck.monitor.PathStatus;
import io.github.pathcheck.nativeio.AioUsage;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The demo's report once it has run: the table of the final states, with the aio counters before and after and
 * what was removed, or the same as one JSON document with the journal's events. Stateless.
 */
final class DemoReport {
  private DemoReport() {}

  /** The aio counters: system-wide {@code fs.aio-nr} (other processes move it too) and this process's. */
  static final class Aio {
    final long systemEvents;
    final long processContexts;

    private Aio(long systemEvents, long processContexts) {
      this.systemEvents = systemEvents;
      this.processContexts = processContexts;
    }

    static Aio now() {
      return new Aio(AioUsage.aioNr(), AioUsage.contextsOfThisProcess());
    }
  }

  /** Prints the final table, the aio counters before and after, and what was removed. */
  static void printTable(
      PrintWriter out, ScratchDisks disks, DemoScenario.Run run, Aio before, Aio after) {
    TextTable table =
        TextTable.withHeader("PATH", "KIND", "CHECKER", "STATE", "LATENCY", "MESSAGE").alignRight(4);
    for (DemoScenario.Target target : run.targets) {
      PathStatus status = run.finalStatus.get(target.path);
      if (status == null) {
        continue;
      }
      table.row(
          ControlCharacters.escape(target.path),
          target.kind,
          ControlCharacters.escape(target.checker),
          status.state().displayName(),
          TransitionFormat.latency(status),
          ControlCharacters.escape(TransitionFormat.message(status)));
    }
    out.println();
    table.print(out);
    List<String> removed = disks.removed();
    long loops = removed.stream().filter(r -> r.startsWith("/dev/")).count();
    out.println();
    out.println("fs.aio-nr " + before.systemEvents + " before, " + after.systemEvents + " after (system-wide);"
        + " aio contexts of this process " + before.processContexts + " before, " + after.processContexts
        + " after");
    out.println("removed " + (loops > 0 ? loops + " loop devices, " : "") + (removed.size() - loops - 1)
        + " files and " + ControlCharacters.escape(disks.directory()));
  }

  /** Prints one JSON document: the run's settings and events, the final states, the counters, what was removed. */
  static void printJson(
      PrintWriter out,
      ScratchDisks disks,
      Duration interval,
      DemoScenario.Run run,
      DemoJournal journal,
      Aio before,
      Aio after) {
    out.println("{");
    out.println("  \"scratchDir\": " + Json.string(disks.directory().toString()) + ",");
    out.println("  \"intervalMillis\": " + interval.toMillis() + ",");
    out.println("  \"checkers\": ["
        + run.checkers.stream().map(Json::string).collect(Collectors.joining(", ")) + "],");
    out.println("  \"truncated\": "
        + (run.truncated == null ? "null" : Json.string(run.truncated.toString())) + ",");
    out.println("  \"events\": " + array(journal.jsonEvents()) + ",");
    List<String> paths = new ArrayList<>();
    for (DemoScenario.Target target : run.targets) {
      PathStatus status = run.finalStatus.get(target.path);
      if (status == null) {
        continue;
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("path", target.path.toString());
      row.put("kind", target.kind);
      row.put("checker", target.checker);
      row.put("state", status.state().displayName());
      row.put("message", TransitionFormat.message(status));
      row.put("latencyMicros", TransitionFormat.latencyMicros(status));
      paths.add(Json.object(row));
    }
    out.println("  \"paths\": " + array(paths) + ",");
    out.println("  \"aioNrBefore\": " + before.systemEvents + ",");
    out.println("  \"aioNrAfter\": " + after.systemEvents + ",");
    out.println("  \"aioContextsBefore\": " + before.processContexts + ",");
    out.println("  \"aioContextsAfter\": " + after.processContexts + ",");
    out.println("  \"removed\": "
        + "[" + disks.removed().stream().map(Json::string).collect(Collectors.joining(", ")) + "],");
    out.println("  \"stopped\": " + run.stopped);
    out.println("}");
  }

  private static String array(List<String> objects) {
    if (objects.isEmpty()) {
      return "[]";
    }
    return "[\n    " + String.join(",\n    ", objects) + "\n  ]";
  }
}
