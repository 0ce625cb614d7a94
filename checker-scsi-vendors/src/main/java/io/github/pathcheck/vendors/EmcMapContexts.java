package io.github.pathcheck.vendors;

import java.util.HashMap;
import java.util.Map;

/**
 * The per-map contexts of one emc_clariion class, keyed by map name and counted by the paths holding them: the
 * first path of a map creates its context, the last one freed removes it. A path without a map name gets a
 * context of its own, held by nobody else. Thread-safe.
 */
final class EmcMapContexts {
  private final Map<String, Entry> contexts = new HashMap<>(); // guarded by this

  private static final class Entry {
    final EmcMapContext context = new EmcMapContext();
    int holders;
  }

  /** Returns the context of map {@code map}, created if no path holds it; null names no map. */
  synchronized EmcMapContext acquire(String map) {
    if (map == null) {
      return new EmcMapContext();
    }
    Entry entry = contexts.computeIfAbsent(map, m -> new Entry());
    entry.holders++;
    return entry.context;
  }

  /** Gives back one hold of map {@code map}'s context; the last one removes it. Null names no map. */
  synchronized void release(String map) {
    if (map == null) {
      return;
    }
    Entry entry = contexts.get(map);
    if (entry != null && --entry.holders == 0) {
      contexts.remove(map);
    }
  }

  /** Returns how many maps have a context. */
  synchronized int size() {
    return contexts.size();
  }
}
