package io.github.pathcheck.agent;

import io.github.pathcheck.api.PathState;
import io.github.pathcheck.directio.DirectioSnapshot;
import io.github.pathcheck.monitor.PathStatus;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The agent's metrics, in a registry of their own:
 *
 * <ul>
 *   <li>{@code pathcheck_path_state}, a StateSet: one series per path and state, 1 for the path's state, with
 *       labels {@code path}, {@code checker}, and {@code wwid}, {@code vendor}, {@code product} where known, and
 *       for a per-controller NVMe path (its {@code path} the path's name, {@code nvme0c1n1}) {@code controller}
 *       (the node checked through, {@code /dev/nvme1}) and {@code nsid}; read from the monitor's snapshot at
 *       each scrape;
 *   <li>{@code pathcheck_check_duration_seconds}, a histogram of the checks' latency, by {@code checker};
 *   <li>counters by {@code checker}: {@code pathcheck_checks_total} (final answers), {@code
 *       pathcheck_check_failures_total} (answers other than up and ghost), {@code pathcheck_check_timeouts_total}
 *       (answers timeout), {@code pathcheck_transitions_total} (changes of state);
 *   <li>{@code pathcheck_stuck_checks}, a gauge by {@code checker}: paths whose check has been in flight longer
 *       than its timeout, at the scrape;
 *   <li>{@code pathcheck_aio_groups} and {@code pathcheck_aio_groups_in_use}, gauges by {@code checker}
 *       ({@code directio}), while a path uses directio: its class's aio groups (one kernel aio context each), and
 *       those of them with a slot held by a checker or by an orphaned read.
 * </ul>
 */
final class AgentMetrics {
  private static final String STATE = "pathcheck_path_state";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Histogram latency;
  private final Counter checks;
  private final Counter failures;
  private final Counter timeouts;
  private final Counter transitions;
  /** Each checker's data points, so that an answer costs no label lookup: the monitor's thread calls per answer. */
  private final Map<String, CheckerPoints> byChecker = new ConcurrentHashMap<>();

  /** One checker's data points of the answer metrics. */
  private record CheckerPoints(CounterDataPoint checks, CounterDataPoint failures, CounterDataPoint timeouts,
      DistributionDataPoint latency) {}

  /**
   * @param snapshot the monitor's snapshot; called at each scrape, must not block
   * @param watched the watched paths by path; called at each scrape, must not block
   * @param directio directio's figures while a path uses directio; called at each scrape, must not block
   */
  AgentMetrics(Supplier<Map<Path, PathStatus>> snapshot, Supplier<Map<Path, WatchedPath>> watched,
      Supplier<Optional<DirectioSnapshot>> directio) {
    latency = Histogram.builder()
        .name("pathcheck_check_duration_seconds")
        .help("How long checks took, from start to final answer")
        .labelNames("checker")
        .classicOnly()
        .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
        .withoutExemplars()
        .register(registry);
    checks = counter("pathcheck_checks", "Final answers of the checkers");
    failures = counter("pathcheck_check_failures", "Final answers other than up and ghost");
    timeouts = counter("pathcheck_check_timeouts", "Final answers timeout: no answer within the checker timeout");
    transitions = counter("pathcheck_transitions", "Changes of a path's state");
    GaugeWithCallback.builder()
        .name("pathcheck_stuck_checks")
        .help("Paths whose check has been in flight longer than its checker timeout")
        .labelNames("checker")
        .callback(callback -> {
          Map<String, Integer> stuck = new TreeMap<>();
          Map<Path, WatchedPath> paths = watched.get();
          Instant now = Instant.now();
          for (PathStatus status : snapshot.get().values()) {
            WatchedPath path = paths.get(status.path());
            if (path == null) {
              continue;
            }
            stuck.merge(status.checkerName(), 0, Integer::sum);
            Duration timeout = path.timeout();
            status.checkInFlightSince()
                .filter(since -> since.plus(timeout).isBefore(now))
                .ifPresent(since -> stuck.merge(status.checkerName(), 1, Integer::sum));
          }
          stuck.forEach((checker, n) -> callback.call(n, checker));
        })
        .register(registry);
    GaugeWithCallback.builder()
        .name("pathcheck_aio_groups")
        .help("directio's aio groups, each one kernel aio context")
        .labelNames("checker")
        .callback(callback -> directio.get().ifPresent(d -> callback.call(d.groups().size(), "directio")))
        .register(registry);
    GaugeWithCallback.builder()
        .name("pathcheck_aio_groups_in_use")
        .help("directio's aio groups with a slot held by a checker or by an orphaned read")
        .labelNames("checker")
        .callback(callback -> directio.get().ifPresent(d -> callback.call(
            d.groups().stream().filter(g -> g.holders() > 0).count(), "directio")))
        .register(registry);
    registry.register(new StateCollector(snapshot, watched));
  }

  private Counter counter(String name, String help) {
    // no exemplars: checks belong to no trace, and sampling them would cost the monitor's thread per answer
    return Counter.builder().name(name).help(help).labelNames("checker").withoutExemplars().register(registry);
  }

  PrometheusRegistry registry() {
    return registry;
  }

  /** Counts a final answer; the monitor's answer listener. */
  void answered(PathStatus status) {
    CheckerPoints points = byChecker.computeIfAbsent(status.checkerName(), this::points);
    points.checks().inc();
    if (status.state() != PathState.UP && status.state() != PathState.GHOST) {
      points.failures().inc();
    }
    if (status.state() == PathState.TIMEOUT) {
      points.timeouts().inc();
    }
    status.lastCheckDuration().ifPresent(d -> points.latency().observe(d.toNanos() / 1e9));
  }

  private CheckerPoints points(String checker) {
    return new CheckerPoints(checks.labelValues(checker), failures.labelValues(checker),
        timeouts.labelValues(checker), latency.labelValues(checker));
  }

  /** Counts a change of state; the monitor's transition listener. */
  void transitioned(PathStatus from, PathStatus to) {
    transitions.labelValues(to.checkerName()).inc();
  }

  /** {@code pathcheck_path_state} from the monitor's snapshot. */
  private static final class StateCollector implements Collector {
    private final Supplier<Map<Path, PathStatus>> snapshot;
    private final Supplier<Map<Path, WatchedPath>> watched;

    StateCollector(Supplier<Map<Path, PathStatus>> snapshot, Supplier<Map<Path, WatchedPath>> watched) {
      this.snapshot = snapshot;
      this.watched = watched;
    }

    @Override
    public String getPrometheusName() {
      return STATE;
    }

    @Override
    public MetricSnapshot collect() {
      StateSetSnapshot.Builder builder = StateSetSnapshot.builder().name(STATE)
          .help("The state of each path as its checker last answered it");
      Map<Path, WatchedPath> paths = watched.get();
      for (PathStatus status : snapshot.get().values()) {
        WatchedPath path = paths.get(status.path());
        StateSetSnapshot.StateSetDataPointSnapshot.Builder point =
            StateSetSnapshot.StateSetDataPointSnapshot.builder().labels(labels(status, path));
        for (PathState state : PathState.values()) {
          point.state(state.displayName(), state == status.state());
        }
        builder.dataPoint(point.build());
      }
      return builder.build();
    }

    private static Labels labels(PathStatus status, WatchedPath path) {
      List<String> names = new ArrayList<>(List.of("path", "checker"));
      List<String> values = new ArrayList<>(List.of(status.path().toString(), status.checkerName()));
      if (path != null) {
        path.info().wwid().ifPresent(w -> add(names, values, "wwid", w));
        path.info().vendor().ifPresent(v -> add(names, values, "vendor", v));
        path.info().product().ifPresent(p -> add(names, values, "product", p));
        path.info().controllerPath().ifPresent(c -> {
          add(names, values, "controller", c.node().toString());
          add(names, values, "nsid", Long.toString(c.nsid()));
        });
      }
      return Labels.of(names, values);
    }

    private static void add(List<String> names, List<String> values, String name, String value) {
      names.add(name);
      values.add(value);
    }
  }
}
