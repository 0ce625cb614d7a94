package io.github.pathcheck.nvme;

import io.github.pathcheck.nativeio.AnonymousMemory;
import io.github.pathcheck.nativeio.nvme.NvmeCommand;
import io.github.pathcheck.nativeio.nvme.NvmeCompletion;

/**
 * One admin command an {@link AdminRing} sent: its tag, the command, and the buffer the kernel writes its data
 * to, which the ring owns and unmaps when it reaps the completion (not before, whatever became of the checker
 * that sent it). The completion, once reaped, is read through {@link AdminRing#poll}.
 *
 * <p>Its mutable state is guarded by the ring's lock.
 */
final class AdminCommand {
  private final long tag;
  private final NvmeCommand command;
  private final AnonymousMemory buffer; // null for a command the ring refused

  private NvmeCompletion completion; // null while in flight
  private boolean abandoned;

  AdminCommand(long tag, NvmeCommand command, AnonymousMemory buffer) {
    this.tag = tag;
    this.command = command;
    this.buffer = buffer;
  }

  long tag() {
    return tag;
  }

  NvmeCommand command() {
    return command;
  }

  AnonymousMemory buffer() {
    return buffer;
  }

  NvmeCompletion completion() {
    return completion;
  }

  void complete(NvmeCompletion completion) {
    this.completion = completion;
  }

  boolean isAbandoned() {
    return abandoned;
  }

  void abandon() {
    abandoned = true;
  }

  @Override
  public String toString() {
    return "AdminCommand{" + tag + ", " + command + (completion == null ? ", in flight}" : ", done}");
  }
}
