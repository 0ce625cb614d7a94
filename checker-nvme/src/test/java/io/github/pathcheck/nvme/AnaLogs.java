package io.github.pathcheck.nvme;

import io.github.pathcheck.nativeio.nvme.NvmeCommand;
import io.github.pathcheck.nativeio.nvme.NvmeCompletion;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.function.Function;

/** ANA log pages as a controller returns them: into the buffer the command gives, the rest zero. */
final class AnaLogs {
  private final ByteArrayOutputStream groups = new ByteArrayOutputStream();
  private int count;

  /** Adds a group with {@code stateCode} holding {@code nsids}. */
  AnaLogs group(int id, int stateCode, int... nsids) {
    le(groups, id, 4);
    le(groups, nsids.length, 4);
    le(groups, 1, 8);
    groups.write(stateCode);
    groups.writeBytes(new byte[15]);
    for (int nsid : nsids) {
      le(groups, nsid, 4);
    }
    count++;
    return this;
  }

  byte[] page() {
    ByteArrayOutputStream page = new ByteArrayOutputStream();
    le(page, 1, 8);
    le(page, count, 2);
    page.writeBytes(new byte[6]);
    page.writeBytes(groups.toByteArray());
    return page.toByteArray();
  }

  /** Answers Get Log Page (ANA) with this page cut or padded to the command's length; anything else fails. */
  Function<NvmeCommand, NvmeCompletion> answer() {
    byte[] page = page();
    return command ->
        command.opcode() == NvmeCommand.OPCODE_GET_LOG_PAGE && (command.cdw(10) & 0xff) == NvmeCommand.LOG_ANA
            ? NvmeCompletion.completed(0, 0, Arrays.copyOf(page, command.dataLength()))
            : NvmeCompletion.completed(0x2, 0, new byte[0]);
  }

  private static void le(ByteArrayOutputStream out, long value, int bytes) {
    for (int i = 0; i < bytes; i++) {
      out.write((int) (value >>> (8 * i)) & 0xff);
    }
  }
}
