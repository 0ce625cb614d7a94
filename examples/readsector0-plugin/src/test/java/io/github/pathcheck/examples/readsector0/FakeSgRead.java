package io.github.pathcheck.examples.readsector0;

import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.nativeio.SgIoResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A scripted READ(10): answers the queued results in order, then the last one from then on; runs a hook before
 * each answer (a clock that moves, a read that blocks). Records the devices and timeouts it was given.
 */
final class FakeSgRead implements SgRead {
  private final Deque<SgIoResult> answers = new ArrayDeque<>();
  private final List<PathDevice> devices = new ArrayList<>();
  private final List<Duration> timeouts = new ArrayList<>();
  private volatile Runnable onCall = () -> {};

  FakeSgRead(SgIoResult... results) {
    answer(results);
  }

  synchronized void answer(SgIoResult... results) {
    answers.clear();
    answers.addAll(List.of(results));
  }

  void onCall(Runnable hook) {
    onCall = hook;
  }

  @Override
  public SgIoResult readSector0(PathDevice device, Duration timeout) {
    synchronized (this) {
      devices.add(device);
      timeouts.add(timeout);
    }
    onCall.run();
    synchronized (this) {
      return answers.size() > 1 ? answers.poll() : answers.peek();
    }
  }

  synchronized int calls() {
    return devices.size();
  }

  synchronized List<PathDevice> devices() {
    return new ArrayList<>(devices);
  }

  synchronized List<Duration> timeouts() {
    return new ArrayList<>(timeouts);
  }
}
