package io.github.pathcheck.nvme;

import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.nativeio.nvme.NvmeCommand;
import io.github.pathcheck.nativeio.nvme.NvmeCompletion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * A scripted controller: answers admin and I/O commands with functions the test sets, records every command and
 * its timeout, and can advance a fake clock while a command "runs".
 */
final class FakeTransport implements NvmeTransport {
  final List<NvmeCommand> admin = new ArrayList<>();
  final List<NvmeCommand> io = new ArrayList<>();
  final List<Duration> timeouts = new ArrayList<>();
  Function<NvmeCommand, NvmeCompletion> adminAnswer = command -> NvmeCompletion.ioctlFailed(5);
  Function<NvmeCommand, NvmeCompletion> ioAnswer = command -> NvmeCompletion.completed(0, 0, new byte[command.dataLength()]);
  long commandNanos;
  LongConsumer clock = nanos -> {};

  @Override
  public synchronized NvmeCompletion admin(PathDevice device, NvmeCommand command, Duration timeout) {
    admin.add(command);
    timeouts.add(timeout);
    clock.accept(commandNanos);
    return adminAnswer.apply(command);
  }

  @Override
  public synchronized NvmeCompletion io(PathDevice device, NvmeCommand command, Duration timeout) {
    io.add(command);
    timeouts.add(timeout);
    clock.accept(commandNanos);
    return ioAnswer.apply(command);
  }
}
