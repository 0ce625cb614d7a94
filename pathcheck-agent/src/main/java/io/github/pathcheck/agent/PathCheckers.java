package io.github.pathcheck.agent;

import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.loader.CheckerDescriptor;
import io.github.pathcheck.loader.CheckerRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checker, timeout and options the agent watches a path with, and the check that the checkers a
 * configuration names exist. Stateless.
 */
final class PathCheckers {
  /** The agent's own logger: what it does with a path is one of its lines, under one name to filter. */
  private static final Logger logger = LoggerFactory.getLogger(Agent.class);

  private PathCheckers() {}

  /** Throws if the configuration names a checker the registry lacks. */
  static void requireCheckers(AgentConfig config, CheckerRegistry registry) throws AgentStartException {
    Set<String> available = names(registry);
    Map<String, String> named = new LinkedHashMap<>();
    named.put(config.pathChecker(), "defaults' path_checker");
    for (DeviceEntry entry : config.devices()) {
      entry.pathChecker().ifPresent(c -> named.putIfAbsent(c, "a device entry's path_checker"));
    }
    for (Map.Entry<String, String> e : named.entrySet()) {
      if (!available.contains(e.getKey())) {
        throw new AgentStartException("unknown checker \"" + e.getKey() + "\" (" + e.getValue()
            + "): this agent has " + String.join(", ", available));
      }
    }
  }

  /** Returns the names of the registry's checkers. */
  static Set<String> names(CheckerRegistry registry) {
    Set<String> names = new TreeSet<>();
    for (CheckerDescriptor d : registry.available()) {
      names.add(d.name());
    }
    return names;
  }

  /**
   * Returns the checker of a path: the default for a path the configuration lists, else {@link
   * AgentConfig#checkerFor}; the default, with a warning, where the registry lacks that one.
   */
  static String checkerFor(AgentConfig config, Set<String> available, PathInfo path) {
    String checker = path.kind().equals("explicit") ? config.pathChecker() : config.checkerFor(path);
    if (!available.contains(checker)) {
      // the configuration's own checkers are known to exist (requireCheckers): this one is a built-in rule's
      String rule = path.controllerPath().isPresent() ? "the agent's rule for native NVMe multipath paths"
          : "multipath's table";
      logger.warn("{}: {} gives {} {} the {} checker, which this agent lacks; using {}", path.devnode(), rule,
          path.vendor().orElse(""), path.product().orElse(""), checker, config.pathChecker());
      return config.pathChecker();
    }
    return checker;
  }

  /** Returns the checker timeout of a path: the configuration's, else its sysfs timeout, else 30 s. */
  static Duration timeoutFor(AgentConfig config, PathInfo path) {
    return config.checkerTimeout().or(path::sysfsTimeout).orElse(CheckerOptions.DEFAULT_TIMEOUT);
  }

  /**
   * Returns the options of a path's checker: its timeout, and for a per-controller NVMe path watched with {@code
   * ana} the namespace, property {@code nsid} (another checker takes no such property).
   */
  static CheckerOptions options(String checker, Duration timeout, PathInfo path) {
    CheckerOptions options = CheckerOptions.defaults().withTimeout(timeout);
    if (checker.equals(AgentConfig.NATIVE_NVME_MULTIPATH_CHECKER) && path.controllerPath().isPresent()) {
      options = options.withProperty("nsid", Long.toString(path.controllerPath().get().nsid()));
    }
    return options;
  }
}
