package io.github.pathcheck.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pathcheck.testkit.PrivilegedTests;
import io.github.pathcheck.testkit.ResourceSnapshot;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The uevent listener on the real kernel: loop devices made and removed through {@code /dev/loop-control}
 * send a whole disk's add and remove, which the listener hands on by name; its socket and thread are gone after
 * close.
 */
class UeventListenerTest {
  /** A bound for the kernel's event to reach the listener's thread, far above what it takes. */
  private static final long EVENT_BOUND_SECONDS = 30;
  private static final Duration RELEASE_MARGIN = Duration.ofSeconds(5);

  /** Records what the listener hands on. */
  private static final class Recorder implements UeventListener.Handler {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Override
    public void diskAdded(String name) {
      events.add("add " + name);
    }

    @Override
    public void diskRemoved(String name) {
      events.add("remove " + name);
    }

    @Override
    public void nvmeControllerChanged(String name) {
      events.add("nvme " + name);
    }

    @Override
    public void eventsLost() {
      events.add("lost");
    }

    /** Returns the next event about {@code name}, skipping other devices' (other tests may add some). */
    String next(String name) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EVENT_BOUND_SECONDS);
      while (true) {
        String event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (event == null || event.endsWith(" " + name) || event.equals("lost")) {
          return event;
        }
      }
    }
  }

  /**
   * Binds the natives once before any snapshot: JNA's first native call opens files it keeps for the life of
   * the process ({@code /dev/urandom}, libffi's trampoline file), which no close can give back.
   */
  @BeforeAll
  static void loadTheNatives() throws Exception {
    UeventListener.open().close();
  }

  @Test
  void handsOnTheAddAndRemoveOfALoopDeviceAndReleasesItsSocketAndThread() throws Exception {
    PrivilegedTests.assumeRoot("add and remove loop devices through /dev/loop-control");
    ResourceSnapshot before = ResourceSnapshot.take();
    Recorder recorder = new Recorder();

    try (UeventListener listener = UeventListener.open()) {
      listener.start(recorder);
      AddedLoopDevice loop = AddedLoopDevice.add(AddedLoopDevice.freeIndex(0));
      try (loop) {
        assertThat(recorder.next(loop.name())).isEqualTo("add " + loop.name());
      }
      assertThat(recorder.next(loop.name())).isEqualTo("remove " + loop.name());
    }

    assertThat(ResourceSnapshot.leaksSince(before, RELEASE_MARGIN)).isEmpty();
  }

  @Test
  void queuesTheEventsBetweenOpenAndStart() throws Exception {
    PrivilegedTests.assumeRoot("add and remove loop devices through /dev/loop-control");
    Recorder recorder = new Recorder();

    try (UeventListener listener = UeventListener.open()) {
      AddedLoopDevice loop = AddedLoopDevice.add(AddedLoopDevice.freeIndex(0));
      loop.close();
      listener.start(recorder);

      assertThat(recorder.next(loop.name())).isEqualTo("add " + loop.name());
      assertThat(recorder.next(loop.name())).isEqualTo("remove " + loop.name());
    }
  }

  @Test
  void closeWithoutStartReleasesTheSocketAndAStartAfterCloseIsRefused() throws Exception {
    ResourceSnapshot before = ResourceSnapshot.take();

    UeventListener listener = UeventListener.open();
    assertThat(listener.close(Duration.ofSeconds(1))).isTrue();

    assertThatThrownBy(() -> listener.start(new Recorder()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the uevent listener is closed");
    assertThat(ResourceSnapshot.leaksSince(before, RELEASE_MARGIN)).isEmpty();
  }

  @Test
  void closeEndsTheThreadWhileNoEventComes() throws Exception {
    ResourceSnapshot before = ResourceSnapshot.take();

    UeventListener listener = UeventListener.open();
    listener.start(new Recorder());

    assertThat(listener.close(Duration.ofSeconds(EVENT_BOUND_SECONDS))).isTrue();
    assertThat(ResourceSnapshot.leaksSince(before, RELEASE_MARGIN)).isEmpty();
  }
}
