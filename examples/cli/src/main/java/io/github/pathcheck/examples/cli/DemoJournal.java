package io.github.pathcheck.examples.cli;

import io.github.pathcheck.monitor.PathStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's journal: the transitions and the demo's own actions, in the order they happened, printed at once
 * in text mode and kept for the JSON document. Thread-safe: the monitor's listener writes to it on the
 * monitor's thread, the scenario on the command's.
 */
final class DemoJournal {
  private final PrintWriter out; // null: JSON, print nothing as it comes
  private final List<String> jsonEvents = new ArrayList<>();

  DemoJournal(PrintWriter out) {
    this.out = out;
  }

  synchronized void header(String line) {
    out.println(ControlCharacters.escape(line));
    out.flush();
  }

  synchronized void transition(PathStatus from, PathStatus to) {
    if (out != null) {
      out.println(TransitionFormat.line(from, to, true));
      out.flush();
    }
    jsonEvents.add(Json.object(TransitionFormat.fields(from, to, true)));
  }

  synchronized void action(String what, Path path, String detail) {
    Instant at = Instant.now();
    if (out != null) {
      out.println(ControlCharacters.escape(TransitionFormat.time(at) + " " + what + " " + path + " " + detail));
      out.flush();
    }
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("time", at.toString());
    event.put("action", what);
    event.put("path", path.toString());
    jsonEvents.add(Json.object(event));
  }

  synchronized List<String> jsonEvents() {
    return List.copyOf(jsonEvents);
  }
}
