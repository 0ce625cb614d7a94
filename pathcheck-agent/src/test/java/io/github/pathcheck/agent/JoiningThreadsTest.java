package io.github.pathcheck.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The thread factory whose threads an executor's owner waits for at close. */
class JoiningThreadsTest {
  @Test
  void makesNamedDaemonThreadsAndKeepsThem() {
    JoiningThreads factory = new JoiningThreads("pathcheck-agent-joining-test");
    Thread thread = factory.newThread(() -> {});

    assertThat(thread.getName()).isEqualTo("pathcheck-agent-joining-test");
    assertThat(thread.isDaemon()).isTrue();
    assertThat(factory.threads()).containsExactly(thread);
  }

  @Test
  void joinSaysWhetherEveryThreadEnded() throws InterruptedException {
    JoiningThreads factory = new JoiningThreads("pathcheck-agent-joining-test");
    assertThat(factory.join(Duration.ZERO)).isTrue();
    CountDownLatch release = new CountDownLatch(1);
    Thread blocked = factory.newThread(() -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    blocked.start();

    // the thread waits for the latch, however long the bound: it cannot have ended
    assertThat(factory.join(Duration.ofMillis(1))).isFalse();

    release.countDown();
    assertThat(factory.join(Duration.ofSeconds(30))).isTrue();
    assertThat(blocked.isAlive()).isFalse();
  }
}
