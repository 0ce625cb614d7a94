import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the benchmark scripts' results (benchmarks/results/*.jsonl) into medians, charts and tables: writes
 * unload-vs-groups.svg, check-vs-floor.svg and summary.md beside them. Plain SVG, no plotting library.
 *
 * <p>Run from the repository root: {@code java benchmarks/charts/Charts.java [results-dir]} (the JDK runs a
 * single source file directly).
 */
public final class Charts {
  private static final Pattern FIELD =
      Pattern.compile("\"([A-Za-z]+)\": (\"((?:[^\"\\\\]|\\\\.)*)\"|-?[0-9.]+(?:[eE]-?[0-9]+)?|\\{[^}]*\\})");

  private Charts() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
    StringBuilder summary = new StringBuilder();
    Path unload = dir.resolve("unload-vs-groups.jsonl");
    if (Files.exists(unload)) {
      unloadChart(read(unload), dir.resolve("unload-vs-groups.svg"), summary);
    }
    try (var files = Files.list(dir)) {
      for (Path check : files.filter(f -> f.getFileName().toString().matches("check-vs-floor.*\\.jsonl"))
          .sorted().toList()) {
        String name = check.getFileName().toString().replace(".jsonl", "");
        checkChart(read(check), dir.resolve(name + ".svg"), summary, name);
      }
    }
    Path lifecycle = dir.resolve("lifecycle.jsonl");
    if (Files.exists(lifecycle)) {
      lifecycleTable(read(lifecycle), summary);
    }
    Files.writeString(dir.resolve("summary.md"), summary.toString());
    System.out.print(summary);
  }

  // ---------------------------------------------------------------- reading

  /** One JSON line of a results file, flat: nested objects are kept as their raw text. */
  record Line(Map<String, String> fields) {
    String text(String key) {
      return fields.getOrDefault(key, "");
    }

    double number(String key) {
      String value = fields.get(key);
      if (value == null) {
        throw new IllegalArgumentException("no " + key + " in " + fields);
      }
      return Double.parseDouble(value);
    }
  }

  static List<Line> read(Path file) throws IOException {
    List<Line> lines = new ArrayList<>();
    for (String raw : Files.readAllLines(file)) {
      if (raw.isBlank()) {
        continue;
      }
      Map<String, String> fields = new LinkedHashMap<>();
      Matcher m = FIELD.matcher(raw);
      while (m.find()) {
        fields.putIfAbsent(m.group(1), m.group(3) != null ? m.group(3) : m.group(2));
      }
      lines.add(new Line(fields));
    }
    return lines;
  }

  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  static List<Double> values(List<Line> lines, Predicate<Line> which, String key) {
    List<Double> values = new ArrayList<>();
    for (Line line : lines) {
      if (which.test(line)) {
        values.add(line.number(key));
      }
    }
    return values;
  }

  static String machine(List<Line> lines) {
    for (Line line : lines) {
      if (line.text("kind").equals("machine")) {
        return String.format(
            "%s CPUs (%s), kernel %s, %s; load average at start %s",
            line.text("cpus"), line.text("cpuModel"), line.text("kernel"),
            line.text("java").replace("\\\"", ""), line.text("loadavg"));
      }
    }
    return "unknown machine";
  }

  static String fmt(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e9) {
      return Long.toString((long) value);
    }
    return String.format(Locale.ROOT, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value);
  }

  // ---------------------------------------------------------------- unload against group count

  static void unloadChart(List<Line> lines, Path svg, StringBuilder summary) throws IOException {
    TreeSet<Integer> groups = new TreeSet<>();
    for (Line line : lines) {
      if (line.text("kind").equals("lifecycle")) {
        groups.add((int) line.number("groups"));
      }
    }
    boolean warm = lines.stream().anyMatch(l -> l.fields().containsKey("warmUnloadMillis"));
    Map<String, double[]> series = new LinkedHashMap<>();
    String[] names = {"directio unload (parallel)", "G io_destroy one after another", "G io_destroy in parallel",
        "one io_destroy", "1.5 x one io_destroy (target)", "directio unload, warm JVM"};
    for (int n = 0; n < (warm ? names.length : names.length - 1); n++) {
      series.put(names[n], new double[groups.size()]);
    }
    double pooledOne =
        median(values(lines, l -> l.text("kind").equals("aio-destroy"), "oneMillis"));
    summary.append("## Unload time against aio groups\n\n").append("Machine: ").append(machine(lines))
        .append(".\n\n| G | paths | directio unload ms | one io_destroy ms | unload / one | unload / pooled one |"
            + " G serial ms | G parallel ms | parallel / one | unload / parallel | free ms | io_destroy in free |"
            + (warm ? " warm unload ms | warm / pooled one |" : "") + "\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|---|" + (warm ? "---|---|" : "") + "\n");
    int i = 0;
    for (int g : groups) {
      Predicate<Line> life = l -> l.text("kind").equals("lifecycle") && (int) l.number("groups") == g;
      Predicate<Line> floor = l -> l.text("kind").equals("aio-destroy") && (int) l.number("contexts") == g;
      double unload = median(values(lines, life, "unloadMillis"));
      double one = median(values(lines, floor, "oneMillis"));
      double serial = median(values(lines, floor, "serialMillis"));
      double parallel = median(values(lines, floor, "parallelMillis"));
      series.get(names[0])[i] = unload;
      series.get(names[1])[i] = serial;
      series.get(names[2])[i] = parallel;
      series.get(names[3])[i] = one;
      series.get(names[4])[i] = 1.5 * one;
      summary.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %.2f | %.2f | %s | %s | %.2f | %.2f | %s | %s |",
          g, fmt(median(values(lines, life, "paths"))), fmt(unload), fmt(one), unload / one, unload / pooledOne,
          fmt(serial), fmt(parallel), parallel / one, unload / parallel,
          fmt(median(values(lines, life, "freeMillis"))),
          fmt(median(values(lines, life, "ioDestroyCallsDuringFree")))));
      if (warm) {
        double warmUnload = median(values(lines,
            life.and(l -> l.fields().containsKey("warmUnloadMillis")), "warmUnloadMillis"));
        series.get(names[5])[i] = warmUnload;
        summary.append(String.format(Locale.ROOT, " %s | %.2f |", fmt(warmUnload), warmUnload / pooledOne));
      }
      summary.append('\n');
      i++;
    }
    summary.append("\nMedians over ").append(runs(lines)).append(" runs; the pooled one io_destroy is the median"
        + " of all the run's measurements of one call: ").append(fmt(pooledOne)).append(" ms.")
        .append(warm ? " Warm unload: the median of the later cycles of `bench lifecycle --cycles`, the same"
            + " JVM loading and unloading the class again." : "").append("\n\n");
    double[] xs = groups.stream().mapToDouble(Integer::doubleValue).toArray();
    Files.writeString(svg, lineChart("directio unload time against aio group count (log scale)",
        "aio groups G", "milliseconds", xs, series));
  }

  static int runs(List<Line> lines) {
    TreeSet<Integer> runs = new TreeSet<>();
    for (Line line : lines) {
      if (line.fields().containsKey("run")) {
        runs.add((int) line.number("run"));
      }
    }
    return runs.size();
  }

  // ---------------------------------------------------------------- per-check cost against the C floor

  static void checkChart(List<Line> lines, Path svg, StringBuilder summary, String name) throws IOException {
    TreeSet<Integer> paths = new TreeSet<>();
    for (Line line : lines) {
      if (line.text("kind").equals("check")) {
        paths.add((int) line.number("paths"));
      }
    }
    String device = "";
    for (Line line : lines) {
      if (line.text("kind").equals("check")) {
        device = line.text("device");
      }
    }
    double wait = median(values(lines, l -> l.text("impl").equals("java") && l.text("mode").equals("async"),
        "waitMicros"));
    // Results from before bench check had --wait carry no "wait": they slept.
    boolean awaited = lines.stream().anyMatch(l -> l.text("impl").equals("java") && l.text("wait").equals("await"));
    boolean anyAsync = lines.stream().anyMatch(l -> l.text("kind").equals("check") && l.text("mode").equals("async"));
    double floorTimeout = median(values(lines, l -> l.text("impl").equals("c") && l.fields().containsKey("timeoutMillis"),
        "timeoutMillis"));
    summary.append("## Per-check cost against the C floor (").append(name).append(")\n\n")
        .append(!anyAsync ? "" : String.format(Locale.ROOT, "Async: %s before each pass of pending().%n%n",
            awaited
                ? "the class awaits its answers within a shared wait of " + fmt(wait) + " us"
                : "a shared wait of " + fmt(wait) + " us, slept"))
        .append(floorTimeout > 0
            ? "Sync: the C floor's io_getevents waits at most " + fmt(floorTimeout) + " ms, as directio's does.\n\n"
            : "")
        .append("Machine: ").append(machine(lines))
        .append(". Device: ").append(device).append(".\n\n| paths | mode | directio us/check | C floor us/check |"
            + " ratio (median of per-run ratios) | directio CPU us | C CPU us | CPU ratio | states |\n"
            + "|---|---|---|---|---|---|---|---|---|\n");
    List<String> labels = new ArrayList<>();
    List<double[]> bars = new ArrayList<>();
    for (int n : paths) {
      for (String mode : List.of("sync", "async")) {
        Predicate<Line> java = l -> l.text("kind").equals("check") && l.text("impl").equals("java")
            && (int) l.number("paths") == n && l.text("mode").equals(mode);
        Predicate<Line> c = l -> l.text("kind").equals("check") && l.text("impl").equals("c")
            && (int) l.number("paths") == n && l.text("mode").equals(mode);
        List<Double> javaWall = values(lines, java, "microsPerCheck");
        if (javaWall.isEmpty()) {
          continue;
        }
        List<Double> cWall = values(lines, c, "microsPerCheck");
        List<Double> javaCpu = values(lines, java, "cpuMicrosPerCheck");
        List<Double> cCpu = values(lines, c, "cpuMicrosPerCheck");
        List<Double> ratios = new ArrayList<>();
        List<Double> cpuRatios = new ArrayList<>();
        for (int k = 0; k < Math.min(javaWall.size(), cWall.size()); k++) {
          ratios.add(javaWall.get(k) / cWall.get(k));
          cpuRatios.add(javaCpu.get(k) / cCpu.get(k));
        }
        String states = "";
        for (Line line : lines) {
          if (java.test(line)) {
            states = line.text("states");
          }
        }
        summary.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %.2f | %s | %s | %.2f | `%s` |%n", n,
            mode, fmt(median(javaWall)), fmt(median(cWall)), median(ratios), fmt(median(javaCpu)),
            fmt(median(cCpu)), median(cpuRatios), states));
        labels.add(String.format(Locale.ROOT, "%,d %s", n, mode));
        bars.add(new double[] {median(javaWall), median(cWall), median(ratios)});
      }
    }
    summary.append("\nMedians over ").append(runs(lines)).append(" runs; each run's figure is itself the median"
        + " of its rounds; Java and C alternate within a run.\n\n");
    Files.writeString(svg, barChart(String.format(Locale.ROOT,
        "per-check cost: directio beside the C floor (%s; async wait %s us)", device, fmt(wait)), labels, bars));
  }

  // ---------------------------------------------------------------- lifecycle of 10,000

  static void lifecycleTable(List<Line> lines, StringBuilder summary) {
    Predicate<Line> life = l -> l.text("kind").equals("lifecycle");
    summary.append("## Lifecycle\n\nMachine: ").append(machine(lines)).append(".\n\n| figure | median | runs |\n"
        + "|---|---|---|\n");
    for (String key : List.of("paths", "groups", "initMillis", "checkMillis", "freeMillis",
        "ioDestroyCallsDuringFree", "unloadMillis", "ioDestroyCalls", "heapBytesPerChecker",
        "rssBytesPerChecker")) {
      List<Double> values = values(lines, life, key);
      summary.append("| ").append(key).append(" | ").append(fmt(median(values))).append(" | ")
          .append(values.stream().map(Charts::fmt).reduce((a, b) -> a + ", " + b).orElse("")).append(" |\n");
    }
    double total = median(values(lines, life, "heapBytesPerChecker"))
        + median(values(lines, life, "rssBytesPerChecker"));
    summary.append(String.format(Locale.ROOT, "%nHeap + resident per checker: %.0f bytes (%.2f KiB).%n%n",
        total, total / 1024));
  }

  // ---------------------------------------------------------------- SVG

  private static final String[] COLORS = {"#d62728", "#7f7f7f", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd"};
  private static final int W = 760;
  private static final int H = 440;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 60;

  static String lineChart(String title, String xLabel, String yLabel, double[] xs, Map<String, double[]> series) {
    double min = Double.MAX_VALUE;
    double max = 0;
    for (double[] ys : series.values()) {
      for (double y : ys) {
        min = Math.min(min, y);
        max = Math.max(max, y);
      }
    }
    double logMin = Math.floor(Math.log10(Math.max(min, 1e-3)));
    double logMax = Math.ceil(Math.log10(max));
    double xMax = Arrays.stream(xs).max().orElse(1);
    double plotW = W - LEFT - RIGHT;
    double plotH = H - TOP - BOTTOM;
    StringBuilder svg = header(title);
    for (double decade = logMin; decade <= logMax; decade++) {
      for (int step : new int[] {1, 2, 5}) {
        double value = step * Math.pow(10, decade);
        double lv = Math.log10(value);
        if (lv > logMax) {
          break;
        }
        double y = TOP + plotH - (lv - logMin) / (logMax - logMin) * plotH;
        svg.append(String.format(Locale.ROOT,
            "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#ddd'/>"
                + "<text x='%d' y='%.1f' text-anchor='end' font-size='11'>%s</text>%n",
            LEFT, y, W - RIGHT, y, LEFT - 6, y + 4, fmt(value)));
      }
    }
    for (double x : xs) {
      double px = LEFT + x / xMax * plotW;
      svg.append(String.format(Locale.ROOT,
          "<text x='%.1f' y='%d' text-anchor='middle' font-size='11'>%d</text>%n", px, H - BOTTOM + 16, (int) x));
    }
    axes(svg, xLabel, yLabel);
    int color = 0;
    int legendY = TOP + 10;
    for (Map.Entry<String, double[]> entry : series.entrySet()) {
      StringBuilder points = new StringBuilder();
      double[] ys = entry.getValue();
      for (int i = 0; i < xs.length; i++) {
        double px = LEFT + xs[i] / xMax * plotW;
        double py = TOP + plotH - (Math.log10(ys[i]) - logMin) / (logMax - logMin) * plotH;
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
      }
      String dash = entry.getKey().contains("target") ? " stroke-dasharray='6,4'" : "";
      svg.append(String.format(Locale.ROOT,
          "<polyline fill='none' stroke='%s' stroke-width='2'%s points='%s'/>%n", COLORS[color], dash, points));
      svg.append(String.format(Locale.ROOT,
          "<rect x='%d' y='%d' width='12' height='3' fill='%s'/><text x='%d' y='%d' font-size='12'>%s</text>%n",
          LEFT + 14, legendY, COLORS[color], LEFT + 32, legendY + 5, entry.getKey()));
      legendY += 16;
      color++;
    }
    return svg.append("</svg>\n").toString();
  }

  /** Bars in pairs per label: {directio, C floor, ratio}. */
  static String barChart(String title, List<String> labels, List<double[]> bars) {
    double max = 0;
    for (double[] bar : bars) {
      max = Math.max(max, Math.max(bar[0], bar[1]));
    }
    double top = niceCeiling(max);
    double plotW = W - LEFT - RIGHT;
    double plotH = H - TOP - BOTTOM;
    StringBuilder svg = header(title);
    for (int i = 0; i <= 5; i++) {
      double value = top * i / 5;
      double y = TOP + plotH - value / top * plotH;
      svg.append(String.format(Locale.ROOT,
          "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#ddd'/>"
              + "<text x='%d' y='%.1f' text-anchor='end' font-size='11'>%s</text>%n",
          LEFT, y, W - RIGHT, y, LEFT - 6, y + 4, fmt(value)));
    }
    axes(svg, "paths and mode", "microseconds per check (median)");
    double slot = plotW / Math.max(labels.size(), 1);
    double barW = slot * 0.3;
    for (int i = 0; i < labels.size(); i++) {
      double x0 = LEFT + i * slot + slot * 0.2;
      double[] bar = bars.get(i);
      for (int k = 0; k < 2; k++) {
        double h = bar[k] / top * plotH;
        double x = x0 + k * barW;
        svg.append(String.format(Locale.ROOT,
            "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%s'/>"
                + "<text x='%.1f' y='%.1f' text-anchor='middle' font-size='11'>%s</text>%n",
            x, TOP + plotH - h, barW - 2, h, COLORS[k == 0 ? 0 : 2], x + barW / 2 - 1, TOP + plotH - h - 4,
            fmt(bar[k])));
      }
      svg.append(String.format(Locale.ROOT,
          "<text x='%.1f' y='%d' text-anchor='middle' font-size='12'>%s</text>"
              + "<text x='%.1f' y='%d' text-anchor='middle' font-size='11'>ratio %.2f</text>%n",
          x0 + barW, H - BOTTOM + 16, labels.get(i), x0 + barW, H - BOTTOM + 30, bar[2]));
    }
    svg.append(String.format(Locale.ROOT,
        "<rect x='%d' y='%d' width='12' height='10' fill='%s'/><text x='%d' y='%d' font-size='12'>directio"
            + " (pathcheck-bench check)</text>%n<rect x='%d' y='%d' width='12' height='10' fill='%s'/>"
            + "<text x='%d' y='%d' font-size='12'>C floor (raw aio syscalls)</text>%n",
        LEFT + 14, TOP + 6, COLORS[0], LEFT + 32, TOP + 15, LEFT + 14, TOP + 22, COLORS[2], LEFT + 32, TOP + 31));
    return svg.append("</svg>\n").toString();
  }

  static double niceCeiling(double max) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
    for (double step : new double[] {1, 2, 2.5, 5, 10}) {
      if (step * magnitude >= max) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  static StringBuilder header(String title) {
    return new StringBuilder(String.format(Locale.ROOT,
        "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' viewBox='0 0 %d %d'"
            + " font-family='sans-serif'>%n<rect width='100%%' height='100%%' fill='white'/>%n"
            + "<text x='%d' y='22' text-anchor='middle' font-size='14' font-weight='bold'>%s</text>%n",
        W, H, W, H, W / 2, escape(title)));
  }

  static void axes(StringBuilder svg, String xLabel, String yLabel) {
    svg.append(String.format(Locale.ROOT,
        "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='black'/><line x1='%d' y1='%d' x2='%d' y2='%d'"
            + " stroke='black'/>%n<text x='%d' y='%d' text-anchor='middle' font-size='12'>%s</text>%n"
            + "<text x='16' y='%d' text-anchor='middle' font-size='12' transform='rotate(-90 16 %d)'>%s</text>%n",
        LEFT, TOP, LEFT, H - BOTTOM, LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM, LEFT + (W - LEFT - RIGHT) / 2,
        H - 12, escape(xLabel), TOP + (H - TOP - BOTTOM) / 2, TOP + (H - TOP - BOTTOM) / 2, escape(yLabel)));
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
