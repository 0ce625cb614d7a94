package io.github.pathcheck.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code pathcheck-agent --config FILE}: runs the agent in the foreground until SIGINT or SIGTERM. Exit status 0
 * after a stop, 2 for a configuration it cannot read, 1 when it cannot start; each failure is one line on
 * standard error.
 */
public final class AgentMain {
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
      config = ConfigReader.read(file);
    } catch (NoSuchFileException e) {
      err.println("pathcheck agent: " + file + ": no such file; give a multipath.conf with --config");
      return 2;
    } catch (IOException e) {
      err.println("pathcheck agent: cannot read " + file + ": " + e);
      return 2;
    } catch (ConfigSyntaxException e) {
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
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
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
}
