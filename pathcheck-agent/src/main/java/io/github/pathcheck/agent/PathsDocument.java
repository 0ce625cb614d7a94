package io.github.pathcheck.agent;

import io.github.pathcheck.monitor.PathStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code /paths} document: a JSON array with one object per watched path, sorted by path, with the fields
 * {@code pathcheck watch --json} prints ({@code time} of the last answer in UTC ISO-8601, {@code path}, {@code
 * checker}, {@code message} as multipath prints it) and the path's {@code state}, {@code since}, {@code
 * latency_us} (-1 before the first answer), {@code kind}, and {@code wwid}, {@code vendor}, {@code product}
 * where known; for a per-controller NVMe path also {@code controller} (the node checked through) and {@code
 * nsid}.
 */
final class PathsDocument {
  private PathsDocument() {}

  static String json(Map<Path, PathStatus> snapshot, Map<Path, WatchedPath> watched) {
    List<Object> paths = new ArrayList<>();
    for (PathStatus status : snapshot.values()) {
      Map<String, Object> fields = new LinkedHashMap<>();
      Instant at = status.lastChecked().filter(c -> !c.isBefore(status.since())).orElse(status.since());
      fields.put("time", at.toString());
      fields.put("path", status.path().toString());
      fields.put("checker", status.checkerName());
      fields.put("state", status.state().displayName());
      fields.put("message", status.message().isEmpty() ? "" : status.checkerName() + " checker" + status.message());
      fields.put("since", status.since().toString());
      fields.put("latency_us", status.lastCheckDuration().map(d -> d.toNanos() / 1000).orElse(-1L));
      WatchedPath path = watched.get(status.path());
      if (path != null) {
        fields.put("kind", path.info().kind());
        path.info().wwid().ifPresent(w -> fields.put("wwid", w));
        path.info().vendor().ifPresent(v -> fields.put("vendor", v));
        path.info().product().ifPresent(p -> fields.put("product", p));
        path.info().controllerPath().ifPresent(c -> {
          fields.put("controller", c.node().toString());
          fields.put("nsid", c.nsid());
        });
      }
      paths.add(fields);
    }
    return Json.write(paths) + "\n";
  }
}
