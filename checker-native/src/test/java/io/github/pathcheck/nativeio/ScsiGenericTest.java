package io.github.pathcheck.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.fixtures.CProgram;
import io.github.pathcheck.fixtures.Privileges;
import io.github.pathcheck.fixtures.TargetTempDirFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScsiGenericTest {
  @TempDir(factory = TargetTempDirFactory.class)
  Path dir;

  @AfterEach
  void noDescriptorLeft() throws Exception {
    assertThat(OpenFds.referringTo(dir)).isEmpty();
  }

  @Test
  void headerLayoutMatchesTheKernelHeaders() throws Exception {
    String[] fields = {
      "interface_id", "dxfer_direction", "cmd_len", "mx_sb_len", "iovec_count", "dxfer_len", "dxferp",
      "cmdp", "sbp", "timeout", "flags", "pack_id", "usr_ptr", "status", "masked_status", "msg_status",
      "sb_len_wr", "host_status", "driver_status", "resid", "duration", "info"
    };
    StringBuilder body = new StringBuilder();
    body.append("printf(\"sizeof %zu\\n\", sizeof(struct sg_io_hdr));\n");
    for (String field : fields) {
      body.append(String.format("printf(\"%s %%zu\\n\", offsetof(struct sg_io_hdr, %s));%n", field, field));
    }
    body.append("printf(\"SG_IO %ld\\n\", (long) SG_IO);\n");
    body.append("printf(\"SG_DXFER_NONE %ld\\n\", (long) SG_DXFER_NONE);\n");
    body.append("printf(\"SG_DXFER_TO_DEV %ld\\n\", (long) SG_DXFER_TO_DEV);\n");
    body.append("printf(\"SG_DXFER_FROM_DEV %ld\\n\", (long) SG_DXFER_FROM_DEV);\n");
    body.append("printf(\"SG_INFO_OK_MASK %ld\\n\", (long) SG_INFO_OK_MASK);\n");

    Map<String, Long> c = CProgram.print(dir, "#include <scsi/sg.h>", body.toString());

    assertThat(c)
        .containsEntry("sizeof", (long) SgIoHeader.SIZE)
        .containsEntry("interface_id", (long) SgIoHeader.INTERFACE_ID)
        .containsEntry("dxfer_direction", (long) SgIoHeader.DXFER_DIRECTION)
        .containsEntry("cmd_len", (long) SgIoHeader.CMD_LEN)
        .containsEntry("mx_sb_len", (long) SgIoHeader.MX_SB_LEN)
        .containsEntry("iovec_count", (long) SgIoHeader.IOVEC_COUNT)
        .containsEntry("dxfer_len", (long) SgIoHeader.DXFER_LEN)
        .containsEntry("dxferp", (long) SgIoHeader.DXFERP)
        .containsEntry("cmdp", (long) SgIoHeader.CMDP)
        .containsEntry("sbp", (long) SgIoHeader.SBP)
        .containsEntry("timeout", (long) SgIoHeader.TIMEOUT)
        .containsEntry("flags", (long) SgIoHeader.FLAGS)
        .containsEntry("pack_id", (long) SgIoHeader.PACK_ID)
        .containsEntry("usr_ptr", (long) SgIoHeader.USR_PTR)
        .containsEntry("status", (long) SgIoHeader.STATUS)
        .containsEntry("masked_status", (long) SgIoHeader.MASKED_STATUS)
        .containsEntry("msg_status", (long) SgIoHeader.MSG_STATUS)
        .containsEntry("sb_len_wr", (long) SgIoHeader.SB_LEN_WR)
        .containsEntry("host_status", (long) SgIoHeader.HOST_STATUS)
        .containsEntry("driver_status", (long) SgIoHeader.DRIVER_STATUS)
        .containsEntry("resid", (long) SgIoHeader.RESID)
        .containsEntry("duration", (long) SgIoHeader.DURATION)
        .containsEntry("info", (long) SgIoHeader.INFO)
        .containsEntry("SG_IO", SgIoHeader.SG_IO)
        .containsEntry("SG_DXFER_NONE", (long) SgIoHeader.SG_DXFER_NONE)
        .containsEntry("SG_DXFER_TO_DEV", (long) SgIoHeader.SG_DXFER_TO_DEV)
        .containsEntry("SG_DXFER_FROM_DEV", (long) SgIoHeader.SG_DXFER_FROM_DEV)
        .containsEntry("SG_INFO_OK_MASK", (long) SgIoResult.SG_INFO_OK_MASK);
  }

  @Test
  void readFromARegularFileAnswersEnottyWithNoData() throws Exception {
    Path file = Files.write(dir.resolve("read.img"), new byte[4096]);
    try (LinuxPathDevice device = LinuxPathDevice.open(file)) {
      SgIoResult result =
          ScsiGeneric.execute(device, io.github.pathcheck.nativeio.scsi.ScsiCommand.read10(0, 1, 512), Duration.ofSeconds(5));

      assertThat(result.isIoctlFailed()).isTrue();
      assertThat(result.errnoName()).isEqualTo("ENOTTY");
      assertThat(result.data()).isEmpty();
    }
  }

  @Test
  void regularFileAnswersEnotty() throws Exception {
    Path file = Files.write(dir.resolve("disk.img"), new byte[4096]);
    try (LinuxPathDevice device = LinuxPathDevice.open(file)) {
      SgIoResult result = ScsiGeneric.testUnitReady(device, Duration.ofSeconds(5));

      assertThat(result.isIoctlFailed()).isTrue();
      assertThat(result.errno()).isEqualTo(Errno.ENOTTY);
      assertThat(result.errnoName()).isEqualTo("ENOTTY");
      assertThat(result.senseLength()).isZero();
    }
  }

  @Test
  void closedDeviceAnswersEbadf() {
    PathDevice closed =
        new PathDevice() {
          @Override
          public Path path() {
            return Path.of("/dev/closed");
          }

          @Override
          public int fd() {
            return -1;
          }
        };

    SgIoResult result = ScsiGeneric.testUnitReady(closed, Duration.ofSeconds(5));

    assertThat(result.errnoName()).isEqualTo("EBADF");
  }

  /**
   * The loop driver does not implement SG_IO. It answers unknown ioctls with EINVAL (Linux 6.x; the driver's
   * default branch), not the ENOTTY the block layer convention asks for: the tur checker must know both.
   */
  @Test
  void loopDeviceDoesNotImplementSgIo() throws Exception {
    Privileges.assumeRoot("attach a loop device");
    Path backing = Files.write(dir.resolve("backing.img"), new byte[1024 * 1024]);
    try (LoopDevice loop = LoopDevice.attach(backing);
        LinuxPathDevice device = LinuxPathDevice.open(loop.path())) {
      SgIoResult result = ScsiGeneric.testUnitReady(device, Duration.ofSeconds(5));

      assertThat(result.isIoctlFailed()).as("%s", result).isTrue();
      assertThat(result.errnoName()).isIn("EINVAL", "ENOTTY");
    }
  }

  @Test
  void timeoutIsRoundedUpToMilliseconds() {
    assertThat(ScsiGeneric.toMillis(Duration.ofSeconds(30))).isEqualTo(30_000);
    assertThat(ScsiGeneric.toMillis(Duration.ofNanos(1))).isEqualTo(1);
    assertThat(ScsiGeneric.toMillis(Duration.ofMillis(1500).plusNanos(1))).isEqualTo(1501);
    assertThat(ScsiGeneric.toMillis(Duration.ofDays(365))).isEqualTo(Integer.MAX_VALUE);
    assertThatThrownBy(() -> ScsiGeneric.toMillis(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }
}
