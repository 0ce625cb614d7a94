package io.github.pathcheck.nativeio.nvme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.nativeio.Errno;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

    Map<String, Long> c = compileAndRun(dir, "#include <sys/ioctl.h>\n#include <linux/nvme_ioctl.h>", body.toString());

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

  /** Compiles and runs a program printing {@code name value} lines; skips without gcc (fails in CI). */
  private static Map<String, Long> compileAndRun(Path dir, String includes, String body)
      throws IOException, InterruptedException {
    Path source = dir.resolve("layout.c");
    Path binary = dir.resolve("layout");
    Files.writeString(
        source, includes + "\n#include <stdio.h>\n#include <stddef.h>\nint main(void) {\n" + body + "return 0;\n}\n");
    Process gcc;
    try {
      gcc = new ProcessBuilder("gcc", "-o", binary.toString(), source.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      String message = "needs gcc and the kernel headers to compare struct nvme_passthru_cmd; install gcc";
      if ("1".equals(System.getenv("PATHCHECK_REQUIRE_PRIVILEGED_TESTS"))) {
        fail(message + " (PATHCHECK_REQUIRE_PRIVILEGED_TESTS=1 forbids skipping)");
      }
      abort(message);
      throw new AssertionError(e);
    }
    String compilerOutput = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(gcc.waitFor(120, TimeUnit.SECONDS) && gcc.exitValue() == 0).as("gcc: %s", compilerOutput).isTrue();
    Process run = new ProcessBuilder(binary.toString()).redirectErrorStream(true).start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(run.waitFor(60, TimeUnit.SECONDS) && run.exitValue() == 0).as("layout program: %s", output).isTrue();
    Map<String, Long> values = new HashMap<>();
    for (String line : output.split("\n")) {
      String[] parts = line.trim().split(" ");
      if (parts.length == 2) {
        values.put(parts[0], Long.parseLong(parts[1]));
      }
    }
    return values;
  }
}
