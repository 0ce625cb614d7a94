package io.github.pathcheck.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the agent's configuration from multipath.conf's syntax ({@link ConfigParser}): the subset the agent
 * uses, so that an existing {@code /etc/multipath.conf} works as it is.
 *
 * <ul>
 *   <li>{@code defaults}: {@code path_checker} (alias {@code checker}), {@code checker_timeout} (seconds),
 *       {@code polling_interval} (seconds);
 *   <li>{@code blacklist} and {@code blacklist_exceptions}: {@code devnode}, {@code wwid}, and {@code device {
 *       vendor product }};
 *   <li>{@code devices { device { vendor product path_checker } }};
 *   <li>{@code pathcheck}, the agent's own section, not multipath's: {@code path FILE} (repeatable; a file, a
 *       loop device or any path to watch with the default checker), {@code discover yes|no}, {@code
 *       listen_address}, {@code listen_port}.
 * </ul>
 *
 * <p>Every other keyword or section multipath knows ({@code multipaths}, {@code overrides}, {@code
 * user_friendly_names}, ...) is ignored with a warning naming its line. A value the agent cannot use (a
 * number that is not one, a regular expression that does not compile) is an error like a syntax error.
 */
final class ConfigReader {
  private static final Set<String> KNOWN_TOP = Set.of("defaults", "blacklist", "blacklist_exceptions",
      "devices", "pathcheck");

  private final Path file;
  private final List<String> warnings = new ArrayList<>();

  private String pathChecker = AgentConfig.DEFAULT_CHECKER;
  private Optional<Duration> checkerTimeout = Optional.empty();
  private Duration pollingInterval = AgentConfig.DEFAULT_POLLING_INTERVAL;
  private Blacklist blacklist = Blacklist.EMPTY;
  private Blacklist exceptions = Blacklist.EMPTY;
  private final List<DeviceEntry> devices = new ArrayList<>();
  private final List<Path> paths = new ArrayList<>();
  private boolean discover = true;
  private String listenAddress = "127.0.0.1";
  private int listenPort = AgentConfig.DEFAULT_PORT;

  private ConfigReader(Path file) {
    this.file = file;
  }

  /** Reads a configuration file. */
  static AgentConfig read(Path file) throws IOException, ConfigSyntaxException {
    return read(file, Files.readString(file, StandardCharsets.UTF_8));
  }

  /** Reads a configuration's text; {@code file} names it in errors and warnings. */
  static AgentConfig read(Path file, String text) throws ConfigSyntaxException {
    ConfigReader reader = new ConfigReader(file);
    for (ConfigNode node : ConfigParser.parse(file, text)) {
      reader.top(node);
    }
    return new AgentConfig(reader.pathChecker, reader.checkerTimeout, reader.pollingInterval, reader.blacklist,
        reader.exceptions, List.copyOf(reader.devices), List.copyOf(reader.paths), reader.discover,
        reader.listenAddress, reader.listenPort, List.copyOf(reader.warnings));
  }

  private void top(ConfigNode node) throws ConfigSyntaxException {
    if (!node.isSection() || !KNOWN_TOP.contains(node.keyword())) {
      ignore(node, "");
      return;
    }
    switch (node.keyword()) {
      case "defaults" -> defaults(node);
      case "blacklist" -> blacklist = blacklist(node);
      case "blacklist_exceptions" -> exceptions = blacklist(node);
      case "devices" -> devicesSection(node);
      default -> pathcheck(node);
    }
  }

  private void defaults(ConfigNode section) throws ConfigSyntaxException {
    for (ConfigNode node : section.children()) {
      switch (node.isSection() ? "" : node.keyword()) {
        case "path_checker", "checker" -> pathChecker = word(node);
        case "checker_timeout" -> checkerTimeout = Optional.of(Duration.ofSeconds(positive(node)));
        case "polling_interval" -> pollingInterval = Duration.ofSeconds(positive(node));
        default -> ignore(node, " in defaults");
      }
    }
  }

  private Blacklist blacklist(ConfigNode section) throws ConfigSyntaxException {
    List<Pattern> devnodes = new ArrayList<>();
    List<Pattern> wwids = new ArrayList<>();
    List<DeviceMatch> matches = new ArrayList<>();
    for (ConfigNode node : section.children()) {
      if (node.isSection() && node.keyword().equals("device")) {
        matches.add(deviceMatch(node, " in " + section.keyword() + "'s device"));
      } else if (!node.isSection() && node.keyword().equals("devnode")) {
        devnodes.add(regex(node));
      } else if (!node.isSection() && node.keyword().equals("wwid")) {
        wwids.add(regex(node));
      } else {
        ignore(node, " in " + section.keyword());
      }
    }
    return new Blacklist(List.copyOf(devnodes), List.copyOf(wwids), List.copyOf(matches));
  }

  private void devicesSection(ConfigNode section) throws ConfigSyntaxException {
    for (ConfigNode node : section.children()) {
      if (node.isSection() && node.keyword().equals("device")) {
        Optional<String> checker = Optional.empty();
        for (ConfigNode entry : node.children()) {
          if (!entry.isSection() && (entry.keyword().equals("path_checker") || entry.keyword().equals("checker"))) {
            checker = Optional.of(word(entry));
          }
        }
        devices.add(new DeviceEntry(deviceMatch(node, " in devices' device"), checker));
      } else {
        ignore(node, " in devices");
      }
    }
  }

  /** Reads vendor and product; warns of every other keyword but path_checker and checker. */
  private DeviceMatch deviceMatch(ConfigNode section, String where) throws ConfigSyntaxException {
    Optional<Pattern> vendor = Optional.empty();
    Optional<Pattern> product = Optional.empty();
    boolean inDevices = where.startsWith(" in devices");
    for (ConfigNode node : section.children()) {
      String keyword = node.isSection() ? "" : node.keyword();
      switch (keyword) {
        case "vendor" -> vendor = Optional.of(regex(node));
        case "product" -> product = Optional.of(regex(node));
        case "path_checker", "checker" -> {
          if (!inDevices) {
            ignore(node, where);
          }
        }
        default -> ignore(node, where);
      }
    }
    return new DeviceMatch(vendor, product);
  }

  private void pathcheck(ConfigNode section) throws ConfigSyntaxException {
    for (ConfigNode node : section.children()) {
      switch (node.isSection() ? "" : node.keyword()) {
        case "path" -> paths.add(Path.of(required(node)));
        case "discover" -> discover = yesNo(node);
        case "listen_address" -> listenAddress = word(node);
        case "listen_port" -> {
          long port = number(node);
          if (port > 65535) {
            throw valueError(node, "listen_port must be 0 to 65535, got " + node.value());
          }
          listenPort = (int) port;
        }
        default -> ignore(node, " in pathcheck");
      }
    }
  }

  private void ignore(ConfigNode node, String where) {
    warnings.add(file + ":" + node.line() + ": ignoring " + (node.isSection() ? "section " : "keyword ")
        + node.keyword() + where + ": the agent does not use it");
  }

  private String required(ConfigNode node) throws ConfigSyntaxException {
    if (node.value().isEmpty()) {
      throw new ConfigSyntaxException(file, node.line(), node.column(), node.keyword() + " needs a value");
    }
    return node.value();
  }

  private String word(ConfigNode node) throws ConfigSyntaxException {
    String value = required(node);
    if (value.contains(" ")) {
      throw valueError(node, node.keyword() + " takes one word, got '" + value + "'");
    }
    return value;
  }

  private long number(ConfigNode node) throws ConfigSyntaxException {
    String value = word(node);
    try {
      long n = Long.parseLong(value);
      if (n < 0) {
        throw valueError(node, node.keyword() + " must not be negative, got " + value);
      }
      return n;
    } catch (NumberFormatException e) {
      throw valueError(node, node.keyword() + " takes a whole number, got '" + value + "'");
    }
  }

  private long positive(ConfigNode node) throws ConfigSyntaxException {
    long n = number(node);
    if (n == 0) {
      throw valueError(node, node.keyword() + " must be at least 1 (seconds), got 0");
    }
    return n;
  }

  private boolean yesNo(ConfigNode node) throws ConfigSyntaxException {
    return switch (word(node)) {
      case "yes" -> true;
      case "no" -> false;
      default -> throw valueError(node, node.keyword() + " takes yes or no, got '" + node.value() + "'");
    };
  }

  private Pattern regex(ConfigNode node) throws ConfigSyntaxException {
    String value = required(node);
    try {
      return Pattern.compile(value);
    } catch (PatternSyntaxException e) {
      throw valueError(node, node.keyword() + " is not a regular expression: " + e.getDescription()
          + " near index " + e.getIndex());
    }
  }

  private ConfigSyntaxException valueError(ConfigNode node, String what) {
    return new ConfigSyntaxException(file, node.line(), node.valueColumn(), what);
  }
}
