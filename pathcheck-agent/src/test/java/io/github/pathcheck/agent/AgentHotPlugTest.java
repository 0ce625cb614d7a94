package io.github.pathcheck.agent;

import static io.github.pathcheck.agent.AgentResources.awaitClosed;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.monitor.PathStatus;
import io.github.pathcheck.testkit.PrivilegedTests;
import io.github.pathcheck.testkit.ResourceSnapshot;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot-plug: disks the kernel adds while the agent runs are watched under the blacklist's rules, and removed
 * ones are dropped and their devices closed. On the real kernel with loop devices made through {@code
 * /dev/loop-control} (as root; discovery is told to find them, which it does not by default), and on a
 * directory laid out as sysfs for the handling itself.
 */
@ExtendWith(NoAgentThreadLeft.class)
class AgentHotPlugTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** A bound for the kernel's event and the first check to come, far above what they take. */
  private static final long BOUND_SECONDS = 30;

  @TempDir Path dir;
  private static String metrics(int port) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  /** Waits until an answer for {@code path} comes; fails after the bound. */
  private static void awaitAnswerFor(BlockingQueue<PathStatus> answers, Path path) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
    while (true) {
      PathStatus answer = answers.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      assertThat(answer).as("an answer for %s within %d s", path, BOUND_SECONDS).isNotNull();
      if (answer.path().equals(path)) {
        return;
      }
    }
  }

  @Test
  void aLoopDeviceTheKernelAddsIsWatchedUnlessBlacklistedAndOneItRemovesIsDroppedAndClosed() throws Exception {
    PrivilegedTests.assumeRoot("add and remove loop devices through /dev/loop-control");
    int watchedIndex = AddedLoopDevice.freeIndex(0);
    int blacklistedIndex = AddedLoopDevice.freeIndex(watchedIndex + 1);
    AgentConfig config = ConfigReader.read(Path.of("test.conf"), "defaults {\n path_checker none\n"
        + " polling_interval 1\n}\nblacklist {\n devnode \".*\"\n}\nblacklist_exceptions {\n devnode \"^loop"
        + watchedIndex + "$\"\n}\npathcheck {\n discover yes\n listen_port 0\n}\n");
    SysfsDiscovery discovery = new SysfsDiscovery(Path.of("/sys/block"), Path.of("/dev"),
        Pattern.compile("loop(" + watchedIndex + "|" + blacklistedIndex + ")"));
    BlockingQueue<PathStatus> answers = new LinkedBlockingQueue<>();

    try (Agent agent = Agent.start(config, discovery, answers::add)) {
      assertThat(agent.watchedCount()).isZero();
      try (AddedLoopDevice blacklisted = AddedLoopDevice.add(blacklistedIndex);
          AddedLoopDevice loop = AddedLoopDevice.add(watchedIndex)) {
        // events come in order: once the second disk is checked, the first one's add has been handled
        awaitAnswerFor(answers, loop.devnode());
        assertThat(agent.monitor().snapshot().keySet()).containsExactly(loop.devnode());
        assertThat(metrics(agent.port())).contains("path=\"" + loop.devnode() + "\"")
            .doesNotContain(blacklisted.devnode().toString());

        // the kernel refuses to remove an open loop device, so its remove event is asked of it first
        loop.synthesizeRemove();
        awaitClosed(loop.devnode());
        assertThat(agent.monitor().snapshot()).isEmpty();
        assertThat(metrics(agent.port())).doesNotContain(loop.devnode().toString());
      } // removing both devices fails if anything still holds them open
      assertThat(agent.watchedCount()).isZero();
    }
  }

  private void disk(String name, String vendor) throws IOException {
    Files.createDirectories(dir.resolve("sys/block/" + name + "/device"));
    Files.writeString(dir.resolve("sys/block/" + name + "/device/vendor"), vendor + "\n");
    Files.createDirectories(dir.resolve("dev"));
    Files.write(dir.resolve("dev/" + name), new byte[4096]);
  }

  private Agent agent(String blacklist) throws Exception {
    AgentConfig config = ConfigReader.read(Path.of("test.conf"), "defaults {\n path_checker none\n}\n"
        + "blacklist {\n" + blacklist + "\n}\npathcheck {\n discover yes\n listen_port 0\n}\n");
    return Agent.start(config, new SysfsDiscovery(dir.resolve("sys/block"), dir.resolve("dev")));
  }

  @Test
  void anAddedDiskIsWatchedOnceAndUnderTheBlacklistAndAnUnknownNameIsIgnored() throws Exception {
    disk("sda", "ACME");
    try (Agent agent = agent(" device {\n  vendor \"^BLOCKED\"\n }")) {
      assertThat(agent.monitor().snapshot().keySet()).containsExactly(dir.resolve("dev/sda"));
      disk("sdb", "ACME");
      disk("sdc", "BLOCKED");
      disk("loop0", "ACME");

      agent.diskAdded("sdb");
      agent.diskAdded("sdb");
      agent.diskAdded("sdc");
      agent.diskAdded("loop0");
      agent.diskAdded("../sdb");

      assertThat(agent.monitor().snapshot().keySet())
          .containsExactly(dir.resolve("dev/sda"), dir.resolve("dev/sdb"));
    }
  }

  @Test
  void aRemovedDiskIsDroppedAndAnUnwatchedOneIgnored() throws Exception {
    disk("sda", "ACME");
    disk("sdb", "ACME");
    try (Agent agent = agent("")) {
      agent.diskRemoved("sda");
      agent.diskRemoved("sdz");

      assertThat(agent.monitor().snapshot().keySet()).containsExactly(dir.resolve("dev/sdb"));
    }
  }

  @Test
  void aConfiguredPathRemovedAndAddedAgainIsWatchedAgainWithoutDiscovery() throws Exception {
    disk("sdz", "ACME");
    disk("sdy", "ACME");
    Path configured = dir.resolve("dev/sdz");
    AgentConfig config = ConfigReader.read(Path.of("test.conf"), "defaults {\n path_checker none\n}\n"
        + "pathcheck {\n discover no\n listen_port 0\n path " + configured + "\n}\n");
    try (Agent agent = Agent.start(config, new SysfsDiscovery(dir.resolve("sys/block"), dir.resolve("dev")))) {
      agent.diskRemoved("sdz");
      assertThat(agent.watchedCount()).isZero();

      agent.diskAdded("sdy");
      agent.diskAdded("sdz");

      assertThat(agent.monitor().snapshot().keySet()).containsExactly(configured);
    }
  }

  @Test
  void aClosedAgentLeavesNoDescriptorNorThreadOfItsOwn() throws Exception {
    disk("sda", "ACME");
    // a first agent loads what the JVM keeps for good: JNA's files, the HTTP server's selector provider
    agent("").close();
    ResourceSnapshot before = ResourceSnapshot.take();

    try (Agent agent = agent("")) {
      assertThat(agent.watchedCount()).isOne();
    }

    assertThat(ResourceSnapshot.leaksSince(before, Duration.ofSeconds(5))).isEmpty();
  }

  @Test
  void afterLostEventsTheAgentDiscoversAgain() throws Exception {
    disk("sda", "ACME");
    disk("sdb", "ACME");
    try (Agent agent = agent("")) {
      Files.delete(dir.resolve("sys/block/sda/device/vendor"));
      Files.delete(dir.resolve("sys/block/sda/device"));
      Files.delete(dir.resolve("sys/block/sda"));
      disk("sdc", "ACME");

      agent.rediscover();

      assertThat(agent.monitor().snapshot().keySet())
          .containsExactly(dir.resolve("dev/sdb"), dir.resolve("dev/sdc"));
    }
  }
}
