package io.github.pathcheck.agent;

import io.github.pathcheck.api.CheckerInitException;
import io.github.pathcheck.directio.DirectioFigures;
import io.github.pathcheck.directio.DirectioSnapshot;
import io.github.pathcheck.loader.CheckerHandle;
import io.github.pathcheck.loader.CheckerRegistry;
import io.github.pathcheck.monitor.PathAnswerListener;
import io.github.pathcheck.monitor.PathMonitor;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import io.github.pathcheck.nativeio.NativeException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running agent: a registry, a {@link PathMonitor} over the configured and discovered paths, their metrics,
 * the HTTP server, and the kernel's uevents that add and remove disks ({@link UeventListener}). {@link #start}
 * either returns a running agent or throws with nothing left running; {@link #close()} stops the uevent
 * listener, the server and the monitor, frees the checkers, closes the devices and the registry.
 *
 * <p>Thread-safe: a reload, a hot-plug event and a close take turns; scrapes read snapshots and never wait.
 */
final class Agent implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(Agent.class);
  /** How long close waits for the checkers of the paths to be released before closing their devices. */
  private static final Duration RELEASE_BOUND = Duration.ofSeconds(2);
  private static final String DIRECTIO = "directio";

  private final CheckerRegistry registry;
  private final PathMonitor monitor;
  private final AgentHttpServer http;
  private final Map<Path, WatchedPath> watched;
  private final SysfsDiscovery discovery;
  private final AtomicLong lastAnswer;
  private final Optional<UeventListener> uevents;
  private final NvmeRescan nvmeRescan;
  private volatile AgentConfig config;
  /** Set as close begins: from then on no event, and no rediscovery still running, adds a path. */
  private boolean closing; // guarded by this

  private Agent(CheckerRegistry registry, PathMonitor monitor, AgentHttpServer http, Map<Path, WatchedPath> watched,
      SysfsDiscovery discovery, AgentConfig config, AtomicLong lastAnswer, Optional<UeventListener> uevents) {
    this.lastAnswer = lastAnswer;
    this.uevents = uevents;
    this.registry = registry;
    this.monitor = monitor;
    this.http = http;
    this.watched = watched;
    this.discovery = discovery;
    this.config = config;
    this.nvmeRescan = new NvmeRescan(this::rediscover);
  }

  /**
   * Starts the agent: checks that every checker the configuration names exists, opens the kernel's uevent socket
   * (so that no disk added or removed from then on is missed; without it, the agent runs without hot-plug and
   * says so), binds the HTTP server, opens and adds every path (a path that cannot be opened or watched is
   * logged and skipped), starts the monitor, and starts handing uevents to {@link #diskAdded}, {@link
   * #diskRemoved} and {@link #nvmeControllerChanged}, and word of lost ones to {@link #rediscover}.
   *
   * @param discovery where to discover SCSI and NVMe paths, if the configuration discovers
   * @throws AgentStartException if a named checker does not exist or the address cannot be bound
   */
  static Agent start(AgentConfig config, SysfsDiscovery discovery) throws AgentStartException {
    return start(config, discovery, status -> {});
  }

  /** {@link #start(AgentConfig, SysfsDiscovery)}, also telling {@code observer} of every answer; for tests. */
  static Agent start(AgentConfig config, SysfsDiscovery discovery, PathAnswerListener observer)
      throws AgentStartException {
    for (String warning : config.warnings()) {
      logger.warn("{}", warning);
    }
    CheckerRegistry registry = CheckerRegistry.builder().build();
    Map<Path, WatchedPath> watched = new ConcurrentHashMap<>();
    AtomicLong lastAnswer = new AtomicLong(System.nanoTime());
    PathMonitor monitor = null;
    AgentHttpServer http = null;
    Optional<UeventListener> uevents = Optional.empty();
    try {
      PathCheckers.requireCheckers(config, registry);
      uevents = openUevents();
      PathMonitor[] monitorRef = new PathMonitor[1];
      AgentMetrics metrics = new AgentMetrics(() -> monitorRef[0].snapshot(), () -> watched,
          () -> directioFigures(registry, watched));
      monitor = PathMonitor.builder(registry)
          .threadName("pathcheck-agent-monitor")
          .checkInterval(config.pollingInterval())
          .answerListener(metrics::answered)
          .answerListener(status -> lastAnswer.set(System.nanoTime()))
          .answerListener(observer)
          .listener((from, to) -> {
            metrics.transitioned(from, to);
            logger.info("{} {}: {} -> {}{}", to.path(), to.checkerName(), from.state(), to.state(),
                to.message().isEmpty() ? "" : " (" + to.checkerName() + " checker" + to.message() + ")");
          })
          .build();
      monitorRef[0] = monitor;
      PathMonitor running = monitor;
      http = AgentHttpServer.start(config.listenAddress(), config.listenPort(), metrics.registry(),
          () -> PathsDocument.json(running.snapshot(), watched));
      Set<String> available = PathCheckers.names(registry);
      for (PathInfo path : paths(config, discovery)) {
        add(config, monitor, watched, available, path);
      }
      monitor.start();
      logger.info("pathcheck agent: watching {} paths, serving http://{}:{}/metrics", watched.size(),
          config.listenAddress(), http.port());
      Agent agent = new Agent(registry, monitor, http, watched, discovery, config, lastAnswer, uevents);
      uevents.ifPresent(listener -> listener.start(agent.new HotPlug()));
      return agent;
    } catch (AgentStartException | RuntimeException | Error e) {
      uevents.ifPresent(UeventListener::close);
      if (http != null) {
        http.close();
      }
      closeAll(registry, monitor, watched);
      throw e;
    }
  }

  /**
   * Returns directio's figures while a watched path uses directio: a handle taken and closed at once, on the
   * class the monitor's own handles keep loaded; empty otherwise, or when the registry is closing.
   */
  private static Optional<DirectioSnapshot> directioFigures(CheckerRegistry registry, Map<Path, WatchedPath> watched) {
    if (watched.values().stream().noneMatch(path -> path.checker().equals(DIRECTIO))) {
      return Optional.empty();
    }
    try (CheckerHandle handle = registry.acquire(DIRECTIO)) {
      return handle.unwrap(DirectioFigures.class).map(DirectioFigures::snapshot);
    } catch (IllegalStateException e) {
      return Optional.empty();
    }
  }

  private static Optional<UeventListener> openUevents() {
    try {
      return Optional.of(UeventListener.open());
    } catch (NativeException e) {
      logger.warn("hot-plug is off: {}; disks added or removed are seen only at a reload (SIGHUP)", e.getMessage());
      return Optional.empty();
    }
  }

  private static List<PathInfo> paths(AgentConfig config, SysfsDiscovery discovery) throws AgentStartException {
    List<PathInfo> paths = new ArrayList<>();
    for (Path path : config.paths()) {
      paths.add(PathInfo.explicit(path));
    }
    if (config.discover()) {
      try {
        for (PathInfo found : discovery.discover()) {
          if (config.watches(found)) {
            paths.add(found);
          } else {
            logger.info("{} is blacklisted: not watched", found.devnode());
          }
        }
      } catch (IOException e) {
        throw new AgentStartException("cannot discover paths in sysfs: " + e, e);
      }
    }
    return paths;
  }

  private static void add(AgentConfig config, PathMonitor monitor, Map<Path, WatchedPath> watched,
      Set<String> available, PathInfo path) {
    WatchedDevice device;
    try {
      device = new WatchedDevice(path.devnode(), LinuxPathDevice.open(path.node()));
    } catch (NativeException | RuntimeException e) {
      logger.warn("{}: not watched: {}", path.devnode(), e.getMessage());
      return;
    }
    if (!watch(config, monitor, watched, available, path, device)) {
      device.close();
    }
  }

  /** Adds an open device to the monitor; returns false (and logs why) if its checker cannot watch it. */
  private static boolean watch(AgentConfig config, PathMonitor monitor, Map<Path, WatchedPath> watched,
      Set<String> available, PathInfo path, WatchedDevice device) {
    String checker = PathCheckers.checkerFor(config, available, path);
    Duration timeout = PathCheckers.timeoutFor(config, path);
    try {
      monitor.add(device, checker, PathCheckers.options(checker, timeout, path));
      watched.put(device.path(), new WatchedPath(path, device, checker, timeout));
      return true;
    } catch (CheckerInitException | RuntimeException e) {
      logger.warn("{}: the {} checker cannot watch it: {}", path.devnode(), checker, e.getMessage());
      return false;
    }
  }

  /**
   * Applies a new configuration, as multipathd's reconfigure: resets every loaded checker class ({@link
   * CheckerRegistry#resetAll()}), discovers the paths again, stops watching those no longer wanted, watches
   * again with their new checker or timeout those whose changed, and watches the new ones. The polling
   * interval and the listening address take effect only at a restart; a change of them is logged.
   *
   * @throws AgentStartException if the new configuration names a checker that does not exist; the agent then
   *     runs on as before
   */
  synchronized void reload(AgentConfig next) throws AgentStartException {
    PathCheckers.requireCheckers(next, registry);
    for (String warning : next.warnings()) {
      logger.warn("{}", warning);
    }
    if (!next.pollingInterval().equals(config.pollingInterval())
        || !next.listenAddress().equals(config.listenAddress()) || next.listenPort() != config.listenPort()) {
      logger.warn("polling_interval, listen_address and listen_port take effect at the next restart");
    }
    List<PathInfo> wanted = paths(next, discovery);
    registry.resetAll();
    Set<String> available = PathCheckers.names(registry);
    Map<Path, PathInfo> byPath = new LinkedHashMap<>();
    for (PathInfo path : wanted) {
      byPath.putIfAbsent(path.devnode(), path);
    }
    List<WatchedDevice> dropped = new ArrayList<>();
    for (WatchedPath old : List.copyOf(watched.values())) {
      PathInfo info = byPath.get(old.info().devnode());
      if (info != null && PathCheckers.checkerFor(next, available, info).equals(old.checker())
          && PathCheckers.timeoutFor(next, info).equals(old.timeout())) {
        byPath.remove(old.info().devnode());
        continue;
      }
      monitor.remove(old.device().path());
      watched.remove(old.device().path());
      if (info != null && watch(next, monitor, watched, available, info, old.device())) {
        byPath.remove(old.info().devnode());
        logger.info("{}: watched again with the {} checker", info.devnode(), watched.get(old.device().path()).checker());
      } else {
        dropped.add(old.device());
        byPath.remove(old.info().devnode());
        logger.info("{}: no longer watched", old.info().devnode());
      }
    }
    for (PathInfo path : byPath.values()) {
      add(next, monitor, watched, available, path);
    }
    // a removed path's device is closed once no check of its checker uses the descriptor any more
    monitor.whenCheckersReleased().thenRun(() -> dropped.forEach(WatchedDevice::close));
    config = next;
    logger.info("pathcheck agent: reloaded; watching {} paths", watched.size());
  }

  /**
   * A disk the kernel added: watched if discovery would have found it and the blacklist lets it through, or if
   * the configuration lists its device node; nothing happens for a disk already watched, or when the
   * configuration does not discover and does not list it. An NVMe namespace's disk (a new namespace's head,
   * once its first path is live) also has the agent discover again, at once and for ten seconds, for the paths
   * through the other controllers, which the kernel scans without an event ({@link #nvmeControllerChanged}).
   */
  void diskAdded(String name) {
    boolean nvme = SysfsDiscovery.isNvme(name);
    synchronized (this) {
      // the rediscovery that follows an NVMe disk's add watches the disk, unless only the configured list has it
      if (!nvme || !config.discover() || config.paths().contains(discovery.devnode(name))) {
        watchAddedDisk(name);
      }
    }
    if (nvme) {
      nvmeControllerChanged(name);
    }
  }

  private void watchAddedDisk(String name) {
    Path devnode = discovery.devnode(name);
    if (closing || watchedAt(devnode).isPresent()) {
      return;
    }
    PathInfo path;
    if (config.paths().contains(devnode)) {
      path = PathInfo.explicit(devnode);
    } else {
      Optional<PathInfo> found = config.discover() ? discovery.describe(name) : Optional.empty();
      if (found.isEmpty()) {
        return;
      }
      path = found.get();
      if (!config.watches(path)) {
        logger.info("{} added, and blacklisted: not watched", devnode);
        return;
      }
    }
    add(config, monitor, watched, PathCheckers.names(registry), path);
    Optional<WatchedPath> added = watchedAt(devnode);
    added.ifPresent(p -> logger.info("{} added: watched with the {} checker", devnode, p.checker()));
  }

  /**
   * A disk the kernel removed: no longer watched, and its device closed once its checker is released. Nothing
   * happens for a disk not watched under {@code /dev/<name>} (a path configured as a symbolic link stays, and
   * its checks answer for the gone disk). An NVMe namespace's disk also has the agent discover again ({@link
   * #rediscover}), for its per-controller paths.
   */
  synchronized void diskRemoved(String name) {
    Path devnode = discovery.devnode(name);
    Optional<WatchedPath> old = watchedAt(devnode);
    if (old.isPresent()) {
      stopWatching(old.get());
      logger.info("{} removed: no longer watched", devnode);
    }
    if (SysfsDiscovery.isNvme(name)) {
      // the kernel sends no event for a per-controller path's disk (a hidden disk's events stay suppressed)
      rediscover();
    }
  }

  /**
   * An NVMe controller the kernel added, changed or removed, or a namespace's disk it added: discovers again at
   * once ({@link #rediscover}) and each second for ten seconds ({@link NvmeRescan}), since the kernel scans
   * namespaces after these events and announces no path disk of the scan.
   */
  void nvmeControllerChanged(String name) {
    rediscover();
    nvmeRescan.trigger();
  }

  /**
   * The kernel dropped uevents, or an NVMe controller or namespace changed: discovers the paths again, watches
   * the new ones and stops watching the discovered ones that are gone, as {@link #diskAdded} and {@link
   * #diskRemoved} would have. Nothing once the agent is closing: a rediscovery that outlives the rescan's close
   * bound opens no device for a monitor that would refuse it.
   */
  synchronized void rediscover() {
    if (closing || !config.discover()) {
      return;
    }
    List<PathInfo> found;
    try {
      found = discovery.discover();
    } catch (IOException e) {
      logger.error("cannot discover paths in sysfs again: {}", e.toString());
      return;
    }
    Set<String> available = PathCheckers.names(registry);
    Set<Path> present = new TreeSet<>();
    for (PathInfo path : found) {
      present.add(path.devnode());
      if (watchedAt(path.devnode()).isEmpty() && config.watches(path)) {
        add(config, monitor, watched, available, path);
        watchedAt(path.devnode()).ifPresent(
            p -> logger.info("{} found: watched with the {} checker", p.device(), p.checker()));
      }
    }
    for (WatchedPath path : List.copyOf(watched.values())) {
      if (!path.info().kind().equals("explicit") && !present.contains(path.info().devnode())) {
        stopWatching(path);
        logger.info("{} gone: no longer watched", path.device());
      }
    }
  }

  /** Returns the path watched under {@code devnode}: the map's key, a watched device's {@link WatchedDevice#path}. */
  private Optional<WatchedPath> watchedAt(Path devnode) {
    return Optional.ofNullable(watched.get(devnode));
  }

  private void stopWatching(WatchedPath path) {
    monitor.remove(path.device().path());
    watched.remove(path.device().path());
    // the device is closed once no check of its checker uses the descriptor any more
    monitor.whenCheckersReleased().thenRun(path.device()::close);
  }

  /** Hands the uevent listener's events to the agent. */
  private final class HotPlug implements UeventListener.Handler {
    @Override
    public void diskAdded(String name) {
      Agent.this.diskAdded(name);
    }

    @Override
    public void diskRemoved(String name) {
      Agent.this.diskRemoved(name);
    }

    @Override
    public void nvmeControllerChanged(String name) {
      Agent.this.nvmeControllerChanged(name);
    }

    @Override
    public void eventsLost() {
      rediscover();
    }
  }

  /** Returns the port the HTTP server listens on. */
  int port() {
    return http.port();
  }

  PathMonitor monitor() {
    return monitor;
  }

  /** Returns how many paths the agent watches. */
  int watchedCount() {
    return watched.size();
  }

  /**
   * Returns whether the monitor's rounds go on, what the systemd watchdog vouches for: no path is watched, or
   * some path answered within the polling interval, the longest checker timeout and two seconds more.
   */
  boolean isRunning() {
    Duration longest = Duration.ZERO;
    for (WatchedPath path : watched.values()) {
      longest = longest.compareTo(path.timeout()) < 0 ? path.timeout() : longest;
    }
    if (watched.isEmpty()) {
      return true;
    }
    long bound = config.pollingInterval().plus(longest).plusSeconds(2).toNanos();
    return System.nanoTime() - lastAnswer.get() < bound;
  }

  /**
   * Marks the agent closing, so that no event nor rediscovery adds a path any more; stops the uevent listener and
   * the NVMe rescan (not under the agent's lock, which their threads may be waiting for), then the HTTP server and
   * the monitor; frees the checkers, closes the devices and the registry.
   */
  @Override
  public void close() {
    synchronized (this) {
      closing = true;
    }
    uevents.ifPresent(UeventListener::close);
    nvmeRescan.close();
    synchronized (this) {
      http.close();
      closeAll(registry, monitor, watched);
    }
  }

  private static void closeAll(CheckerRegistry registry, PathMonitor monitor, Map<Path, WatchedPath> watched) {
    if (monitor != null) {
      monitor.close();
      try {
        monitor.whenCheckersReleased().toCompletableFuture().get(RELEASE_BOUND.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        logger.warn("checkers still busy after {}; their devices stay open until the process exits", RELEASE_BOUND);
        watched.clear();
      }
    }
    for (WatchedPath path : watched.values()) {
      path.device().close();
    }
    watched.clear();
    registry.close();
  }
}
