package io.github.pathcheck.nativeio.aio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.fixtures.CProgram;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixed offsets of the aio structs against {@code <linux/aio_abi.h>}, compiled on this machine. */
class AioLayoutTest {
  @TempDir Path dir;

  @Test
  void offsetsMatchTheKernelHeader() throws Exception {
    String body =
        String.join(
            "\n",
            "printf(\"iocb %zu\\n\", sizeof(struct iocb));",
            "printf(\"aio_data %zu\\n\", offsetof(struct iocb, aio_data));",
            "printf(\"aio_key %zu\\n\", offsetof(struct iocb, aio_key));",
            "printf(\"aio_rw_flags %zu\\n\", offsetof(struct iocb, aio_rw_flags));",
            "printf(\"aio_lio_opcode %zu\\n\", offsetof(struct iocb, aio_lio_opcode));",
            "printf(\"aio_reqprio %zu\\n\", offsetof(struct iocb, aio_reqprio));",
            "printf(\"aio_fildes %zu\\n\", offsetof(struct iocb, aio_fildes));",
            "printf(\"aio_buf %zu\\n\", offsetof(struct iocb, aio_buf));",
            "printf(\"aio_nbytes %zu\\n\", offsetof(struct iocb, aio_nbytes));",
            "printf(\"aio_offset %zu\\n\", offsetof(struct iocb, aio_offset));",
            "printf(\"aio_reserved2 %zu\\n\", offsetof(struct iocb, aio_reserved2));",
            "printf(\"aio_flags %zu\\n\", offsetof(struct iocb, aio_flags));",
            "printf(\"aio_resfd %zu\\n\", offsetof(struct iocb, aio_resfd));",
            "printf(\"IOCB_CMD_PREAD %zu\\n\", (size_t) IOCB_CMD_PREAD);",
            "printf(\"io_event %zu\\n\", sizeof(struct io_event));",
            "printf(\"data %zu\\n\", offsetof(struct io_event, data));",
            "printf(\"obj %zu\\n\", offsetof(struct io_event, obj));",
            "printf(\"res %zu\\n\", offsetof(struct io_event, res));",
            "printf(\"res2 %zu\\n\", offsetof(struct io_event, res2));",
            "printf(\"timespec %zu\\n\", sizeof(struct __kernel_timespec));",
            "printf(\"tv_sec %zu\\n\", offsetof(struct __kernel_timespec, tv_sec));",
            "printf(\"tv_nsec %zu\\n\", offsetof(struct __kernel_timespec, tv_nsec));");
    Map<String, Long> c =
        CProgram.print(dir, "#include <linux/aio_abi.h>\n#include <linux/time_types.h>", body);

    assertThat(c)
        .containsEntry("iocb", (long) IoControlBlock.SIZE)
        .containsEntry("aio_data", (long) IoControlBlock.AIO_DATA)
        .containsEntry("aio_key", (long) IoControlBlock.AIO_KEY)
        .containsEntry("aio_rw_flags", (long) IoControlBlock.AIO_RW_FLAGS)
        .containsEntry("aio_lio_opcode", (long) IoControlBlock.AIO_LIO_OPCODE)
        .containsEntry("aio_reqprio", (long) IoControlBlock.AIO_REQPRIO)
        .containsEntry("aio_fildes", (long) IoControlBlock.AIO_FILDES)
        .containsEntry("aio_buf", (long) IoControlBlock.AIO_BUF)
        .containsEntry("aio_nbytes", (long) IoControlBlock.AIO_NBYTES)
        .containsEntry("aio_offset", (long) IoControlBlock.AIO_OFFSET)
        .containsEntry("aio_reserved2", (long) IoControlBlock.AIO_RESERVED2)
        .containsEntry("aio_flags", (long) IoControlBlock.AIO_FLAGS)
        .containsEntry("aio_resfd", (long) IoControlBlock.AIO_RESFD)
        .containsEntry("IOCB_CMD_PREAD", (long) IoControlBlock.IOCB_CMD_PREAD)
        .containsEntry("io_event", (long) IoEvent.SIZE)
        .containsEntry("data", (long) IoEvent.DATA)
        .containsEntry("obj", (long) IoEvent.OBJ)
        .containsEntry("res", (long) IoEvent.RES)
        .containsEntry("res2", (long) IoEvent.RES2)
        .containsEntry("timespec", (long) Timespec.SIZE)
        .containsEntry("tv_sec", (long) Timespec.TV_SEC)
        .containsEntry("tv_nsec", (long) Timespec.TV_NSEC);
  }
}
