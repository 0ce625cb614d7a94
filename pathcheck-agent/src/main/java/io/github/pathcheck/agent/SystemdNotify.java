package io.github.pathcheck.agent;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd of the agent's state through {@code $NOTIFY_SOCKET}, as {@code Type=notify} services do:
 * {@code READY=1}, {@code RELOADING=1}, {@code STOPPING=1}, {@code WATCHDOG=1}.
 *
 * <p>The socket is a unix datagram socket, which Java 17 cannot send to; the messages go through systemd's
 * own {@code systemd-notify}, with {@code --pid} set to the agent's, so systemd attributes them to the
 * service's main process (which, as root, {@code systemd-notify} may claim). A message that cannot be sent is
 * logged, never thrown: systemd's timeouts then tell.
 */
final class SystemdNotify {
  private static final Logger logger = LoggerFactory.getLogger(SystemdNotify.class);
  private static final Duration SEND_BOUND = Duration.ofSeconds(5);

  private final String socket;
  private final String command;
  private final Optional<Duration> watchdogInterval;

  private SystemdNotify(String socket, String command, Optional<Duration> watchdogInterval) {
    this.socket = socket;
    this.command = command;
    this.watchdogInterval = watchdogInterval;
  }

  /**
   * Returns a notifier if the environment has {@code NOTIFY_SOCKET} (the agent runs under systemd with {@code
   * Type=notify}), else empty.
   *
   * @param command the {@code systemd-notify} program
   */
  static Optional<SystemdNotify> fromEnvironment(Map<String, String> env, String command) {
    String socket = env.get("NOTIFY_SOCKET");
    if (socket == null || socket.isEmpty()) {
      return Optional.empty();
    }
    Optional<Duration> watchdog = Optional.empty();
    String usec = env.get("WATCHDOG_USEC");
    String pid = env.get("WATCHDOG_PID");
    if (usec != null && (pid == null || pid.equals(Long.toString(ProcessHandle.current().pid())))) {
      try {
        long micros = Long.parseLong(usec);
        if (micros > 0) {
          watchdog = Optional.of(Duration.ofNanos(micros * 1000 / 2)); // twice per period, as sd_watchdog_enabled advises
        }
      } catch (NumberFormatException e) {
        logger.warn("ignoring WATCHDOG_USEC={}: not a number of microseconds", usec);
      }
    }
    return Optional.of(new SystemdNotify(socket, command, watchdog));
  }

  /** Returns how often to send {@code WATCHDOG=1}: half systemd's {@code WatchdogSec}, if it set one. */
  Optional<Duration> watchdogInterval() {
    return watchdogInterval;
  }

  void ready(String status) {
    send("READY=1", "STATUS=" + status);
  }

  void reloading() {
    send("RELOADING=1");
  }

  void stopping() {
    send("STOPPING=1");
  }

  void watchdog() {
    send("WATCHDOG=1");
  }

  private void send(String... assignments) {
    List<String> argv = new ArrayList<>(List.of(command, "--no-block", "--pid=" + ProcessHandle.current().pid()));
    argv.addAll(List.of(assignments));
    ProcessBuilder builder = new ProcessBuilder(argv)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("NOTIFY_SOCKET", socket);
    try {
      Process process = builder.start();
      if (!process.waitFor(SEND_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        logger.warn("{} did not return within {}: {} not sent", command, SEND_BOUND, String.join(" ", assignments));
      } else if (process.exitValue() != 0) {
        logger.warn("{} exited {}: {} not sent to {}", command, process.exitValue(), String.join(" ", assignments),
            socket);
      }
    } catch (IOException e) {
      logger.warn("cannot run {}: {} not sent to systemd", command, String.join(" ", assignments));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
