package io.github.pathcheck.nativeio.nvme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import io.github.pathcheck.nativeio.uring.IoUring;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NvmeUringCmdTest {
  @Test
  void anAdminCommandCarriesItsOpcodeNamespaceDwordsBufferAndTimeout() {
    NvmeCommand command = NvmeCommand.anaLogPage(8192);

    ByteBuffer cmd =
        ByteBuffer.wrap(NvmeUringCmd.of(command, 0x7f00_1234_5000L, Duration.ofMillis(1500)))
            .order(ByteOrder.nativeOrder());

    assertThat(cmd.capacity()).isEqualTo(72);
    assertThat(cmd.get(NvmeUringCmd.OPCODE)).isEqualTo((byte) NvmeCommand.OPCODE_GET_LOG_PAGE);
    assertThat(cmd.getInt(NvmeUringCmd.NSID)).isEqualTo(NvmeCommand.NSID_ALL);
    assertThat(cmd.getLong(NvmeUringCmd.ADDR)).isEqualTo(0x7f00_1234_5000L);
    assertThat(cmd.getInt(NvmeUringCmd.DATA_LEN)).isEqualTo(8192);
    for (int n = 10; n <= 15; n++) {
      assertThat(cmd.getInt(NvmeUringCmd.CDW10 + 4 * (n - 10))).as("cdw%d", n).isEqualTo(command.cdw(n));
    }
    assertThat(cmd.getInt(NvmeUringCmd.TIMEOUT_MS)).isEqualTo(1500);
  }

  @Test
  void theCommandFitsARingEntrysCommandSpace() {
    assertThat(NvmeUringCmd.SIZE).isLessThanOrEqualTo(IoUring.COMMAND_SPACE);
  }

  @Test
  void aCommandWithDataNeedsABuffer() {
    assertThatThrownBy(() -> NvmeUringCmd.of(NvmeCommand.identifyController(), 0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a buffer");
  }
}
