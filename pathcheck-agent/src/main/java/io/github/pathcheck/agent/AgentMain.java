package io.github.pathcheck.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code pathcheck-agent --config FILE}: runs the agent in the foreground until SIGINT or SIGTERM; SIGHUP reads
 * the configuration again and applies it ({@link Agent#reload}). Under systemd ({@code Type=notify}) it sends
 * READY=1 once serving, RELOADING=1 and READY=1 around a reload, STOPPING=1 on the way out, and WATCHDOG=1
 * twice per {@code WatchdogSec} while its monitor runs. Exit status 0 after a stop, 2 for a configuration it
 * cannot read, 1 when it cannot start; each failure is one line on standard error.
 */
public final class AgentMain {
  private static final Logger logger = LoggerFactory.getLogger(AgentMain.class);

  private AgentMain() {}

  /**
   * Runs the agent.
   *
   * @param args {@code --config FILE}
   */
  public static void main(String[] args) {
    System.exit(run(args, System.err));
  }

  static int run(String[] args, PrintStream err) {
    if (args.length != 2 || !args[0].equals("--config")) {
      err.println("usage: pathcheck-agent --config FILE (multipath.conf syntax)");
      return 2;
    }
    Path file = Path.of(args[1]);
    AgentConfig config;
    try {
      config = read(file);
    } catch (IOException | ConfigSyntaxException e) {
      err.println("pathcheck agent: " + e.getMessage());
      return 2;
    }
    Agent agent;
    try {
      agent = Agent.start(config, new SysfsDiscovery(Path.of("/sys/block"), Path.of("/dev")));
    } catch (AgentStartException e) {
      err.println("pathcheck agent: " + e.getMessage());
      return 1;
    }
    Optional<SystemdNotify> systemd = SystemdNotify.fromEnvironment(System.getenv(), "systemd-notify");
    ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pathcheck-agent-signals");
      t.setDaemon(true);
      return t;
    });
    SignalHandler previous =
        Signal.handle(new Signal("HUP"), signal -> background.execute(() -> reload(agent, file, systemd)));
    if (previous == SignalHandler.SIG_IGN) {
      // The JVM leaves SIGHUP ignored when the process started with it ignored, whatever handler is given.
      logger.warn(
          "SIGHUP is ignored in this process (it was started under nohup, or by a parent that ignores it), so"
              + " SIGHUP cannot reload the configuration; start the agent with SIGHUP at its default (from"
              + " systemd, or with env --default-signal=HUP)");
    }
    systemd.ifPresent(notify -> {
      notify.ready("watching " + agent.watchedCount() + " paths on port " + agent.port());
      notify.watchdogInterval().ifPresent(interval -> background.scheduleAtFixedRate(() -> {
        if (agent.isRunning()) {
          notify.watchdog();
        }
      }, 0, interval.toNanos(), TimeUnit.NANOSECONDS));
    });
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      systemd.ifPresent(SystemdNotify::stopping);
      background.shutdownNow();
      agent.close();
      stopped.countDown();
    }, "pathcheck-agent-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static AgentConfig read(Path file) throws IOException, ConfigSyntaxException {
    try {
      return ConfigReader.read(file);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file + ": no such file; give a multipath.conf with --config");
    } catch (IOException e) {
      throw new IOException("cannot read " + file + ": " + e, e);
    }
  }

  private static void reload(Agent agent, Path file, Optional<SystemdNotify> systemd) {
    systemd.ifPresent(SystemdNotify::reloading);
    logger.info("SIGHUP: reloading {}", file);
    try {
      agent.reload(read(file));
    } catch (IOException | ConfigSyntaxException | AgentStartException e) {
      logger.error("reload failed, running on as before: {}", e.getMessage());
    } catch (RuntimeException | Error e) {
      // The signal's task runs on an executor, which would drop the failure without a word.
      logger.error("reload failed, running on with what it changed so far", e);
    }
    systemd.ifPresent(notify -> notify.ready("watching " + agent.watchedCount() + " paths on port " + agent.port()));
  }
}
