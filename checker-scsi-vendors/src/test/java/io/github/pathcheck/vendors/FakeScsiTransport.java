package io.github.pathcheck.vendors;

import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.nativeio.SgIoResult;
import io.github.pathcheck.nativeio.scsi.ScsiCommand;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A scripted SCSI device per path: each command answers the replies queued for that path and command in order,
 * the last one from then on; an unscripted command answers GOOD without data. Records what was sent.
 */
final class FakeScsiTransport implements ScsiTransport {
  /** One command sent. */
  static final class Sent {
    final PathDevice device;
    final ScsiCommand command;

    Sent(PathDevice device, ScsiCommand command) {
      this.device = device;
      this.command = command;
    }
  }

  private final Map<String, Deque<SgIoResult>> scripts = new HashMap<>();
  private final List<Sent> sent = new ArrayList<>();

  private static String key(PathDevice device, ScsiCommand command) {
    return device.path() + " " + command;
  }

  synchronized FakeScsiTransport answer(PathDevice device, ScsiCommand command, SgIoResult... results) {
    Deque<SgIoResult> queue = scripts.computeIfAbsent(key(device, command), k -> new ArrayDeque<>());
    queue.clear();
    for (SgIoResult result : results) {
      queue.add(result);
    }
    return this;
  }

  @Override
  public synchronized SgIoResult execute(PathDevice device, ScsiCommand command, Duration timeout) {
    sent.add(new Sent(device, command));
    Deque<SgIoResult> queue = scripts.get(key(device, command));
    if (queue == null || queue.isEmpty()) {
      return Sg.good();
    }
    return queue.size() > 1 ? queue.poll() : queue.peek();
  }

  /** Returns the commands sent to {@code device}, in order. */
  synchronized List<ScsiCommand> sentTo(PathDevice device) {
    List<ScsiCommand> commands = new ArrayList<>();
    for (Sent s : sent) {
      if (s.device == device) {
        commands.add(s.command);
      }
    }
    return commands;
  }
}
