package io.github.pathcheck.nativeio.nvme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.fixtures.CProgram;
import io.github.pathcheck.nativeio.Errno;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvmePassthroughTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @Test
  void aRegularFileRefusesNvmePassthroughWithEnotty(@TempDir Path dir) throws Exception {
    Path file = Files.write(dir.resolve("disk.img"), new byte[4096]);
    try (LinuxPathDevice device = LinuxPathDevice.open(file)) {
      assertThat(NvmePassthrough.admin(device, NvmeCommand.anaLogPage(4096), TIMEOUT).errno()).isEqualTo(Errno.ENOTTY);
      assertThat(NvmePassthrough.io(device, NvmeCommand.read(1, 0, 1, 512), TIMEOUT).errno()).isEqualTo(Errno.ENOTTY);
    }
  }

  @Test
  void aClosedDeviceAnswersEbadf() {
    PathDevice closed =
        new PathDevice() {
          @Override
          public Path path() {
            return Path.of("/dev/nvme9");
          }

          @Override
          public int fd() {
            return -1;
          }
        };

    NvmeCompletion completion = NvmePassthrough.admin(closed, NvmeCommand.identifyController(), TIMEOUT);

    assertThat(completion.isIoctlFailed()).isTrue();
    assertThat(completion.errno()).isEqualTo(Errno.EBADF);
  }

  @Test
  void theTimeoutIsWholeMillisecondsRoundedUpAndCappedAtTheFieldsRange() {
    assertThat(NvmePassthrough.toMillis(Duration.ofNanos(1))).isEqualTo(1);
    assertThat(NvmePassthrough.toMillis(Duration.ofMillis(1500))).isEqualTo(1500);
    assertThat(Integer.toUnsignedLong(NvmePassthrough.toMillis(Duration.ofDays(100)))).isEqualTo(0xffffffffL);
    assertThatThrownBy(() -> NvmePassthrough.toMillis(Duration.ZERO)).hasMessageContaining("must be positive");
  }

  @Test
  void theStructLayoutAndRequestNumbersAreTheKernelHeaders(@TempDir Path dir) throws Exception {
    StringBuilder body = new StringBuilder();
    body.append("printf(\"sizeof %zu\\n\", sizeof(struct nvme_passthru_cmd));\n");
    for (String field : new String[] {"opcode", "nsid", "addr", "data_len", "cdw10", "timeout_ms", "result"}) {
      body.append(String.format("printf(\"%s %%zu\\n\", offsetof(struct nvme_passthru_cmd, %s));%n", field, field));
    }
    body.append("printf(\"admin %lu\\n\", (unsigned long) NVME_IOCTL_ADMIN_CMD);\n");
    body.append("printf(\"io %lu\\n\", (unsigned long) NVME_IOCTL_IO_CMD);\n");
    body.append("printf(\"uring_sizeof %zu\\n\", sizeof(struct nvme_uring_cmd));\n");
    for (String field : new String[] {"opcode", "nsid", "addr", "data_len", "cdw10", "timeout_ms"}) {
      body.append(
          String.format("printf(\"uring_%s %%zu\\n\", offsetof(struct nvme_uring_cmd, %s));%n", field, field));
    }
    body.append("printf(\"uring_admin %lu\\n\", (unsigned long) (unsigned) NVME_URING_CMD_ADMIN);\n");

    Map<String, Long> c = CProgram.print(dir, "#include <sys/ioctl.h>\n#include <linux/nvme_ioctl.h>", body.toString());

    assertThat(c)
        .containsEntry("sizeof", (long) PassthruCmd.SIZE)
        .containsEntry("opcode", (long) PassthruCmd.OPCODE)
        .containsEntry("nsid", (long) PassthruCmd.NSID)
        .containsEntry("addr", (long) PassthruCmd.ADDR)
        .containsEntry("data_len", (long) PassthruCmd.DATA_LEN)
        .containsEntry("cdw10", (long) PassthruCmd.CDW10)
        .containsEntry("timeout_ms", (long) PassthruCmd.TIMEOUT_MS)
        .containsEntry("result", (long) PassthruCmd.RESULT)
        .containsEntry("admin", NvmeIoctl.NVME_IOCTL_ADMIN_CMD)
        .containsEntry("io", NvmeIoctl.NVME_IOCTL_IO_CMD)
        .containsEntry("uring_sizeof", (long) NvmeUringCmd.SIZE)
        .containsEntry("uring_opcode", (long) NvmeUringCmd.OPCODE)
        .containsEntry("uring_nsid", (long) NvmeUringCmd.NSID)
        .containsEntry("uring_addr", (long) NvmeUringCmd.ADDR)
        .containsEntry("uring_data_len", (long) NvmeUringCmd.DATA_LEN)
        .containsEntry("uring_cdw10", (long) NvmeUringCmd.CDW10)
        .containsEntry("uring_timeout_ms", (long) NvmeUringCmd.TIMEOUT_MS)
        .containsEntry("uring_admin", Integer.toUnsignedLong(NvmeUringCmd.ADMIN));
  }
}
