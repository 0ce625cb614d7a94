package io.github.pathcheck.nativeio.uring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.fixtures.CProgram;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offsets, sizes and numbers the binding writes by hand, against the kernel headers this machine has. */
class UringLayoutTest {
  private static final String INCLUDES =
      "#include <linux/io_uring.h>\n#include <linux/nvme_ioctl.h>\n#include <sys/syscall.h>\n#include <sys/mman.h>";

  @Test
  void theRingStructsMatchLinuxIoUringH(@TempDir Path dir) throws Exception {
    Map<String, Long> expected = new LinkedHashMap<>();
    expected.put("sizeof(struct io_uring_params)", (long) IoUring.PARAMS_SIZE);
    expected.put("offsetof(struct io_uring_params, sq_entries)", (long) IoUring.PARAMS_SQ_ENTRIES);
    expected.put("offsetof(struct io_uring_params, cq_entries)", (long) IoUring.PARAMS_CQ_ENTRIES);
    expected.put("offsetof(struct io_uring_params, flags)", (long) IoUring.PARAMS_FLAGS);
    expected.put("offsetof(struct io_uring_params, features)", (long) IoUring.PARAMS_FEATURES);
    expected.put("offsetof(struct io_uring_params, sq_off)", (long) IoUring.PARAMS_SQ_OFF);
    expected.put("offsetof(struct io_uring_params, cq_off)", (long) IoUring.PARAMS_CQ_OFF);
    expected.put("offsetof(struct io_sqring_offsets, head)", (long) IoUring.SQ_OFF_HEAD);
    expected.put("offsetof(struct io_sqring_offsets, tail)", (long) IoUring.SQ_OFF_TAIL);
    expected.put("offsetof(struct io_sqring_offsets, ring_mask)", (long) IoUring.SQ_OFF_RING_MASK);
    expected.put("offsetof(struct io_sqring_offsets, flags)", (long) IoUring.SQ_OFF_FLAGS);
    expected.put("offsetof(struct io_sqring_offsets, array)", (long) IoUring.SQ_OFF_ARRAY);
    expected.put("offsetof(struct io_cqring_offsets, head)", (long) IoUring.CQ_OFF_HEAD);
    expected.put("offsetof(struct io_cqring_offsets, tail)", (long) IoUring.CQ_OFF_TAIL);
    expected.put("offsetof(struct io_cqring_offsets, ring_mask)", (long) IoUring.CQ_OFF_RING_MASK);
    expected.put("offsetof(struct io_cqring_offsets, cqes)", (long) IoUring.CQ_OFF_CQES);
    // A 128-byte entry is two 64-byte struct io_uring_sqe; the command area starts at cmd.
    expected.put("2*sizeof(struct io_uring_sqe)", (long) IoUring.SQE_SIZE);
    expected.put("offsetof(struct io_uring_sqe, opcode)", (long) IoUring.SQE_OPCODE);
    expected.put("offsetof(struct io_uring_sqe, fd)", (long) IoUring.SQE_FD);
    expected.put("offsetof(struct io_uring_sqe, cmd_op)", (long) IoUring.SQE_CMD_OP);
    expected.put("offsetof(struct io_uring_sqe, user_data)", (long) IoUring.SQE_USER_DATA);
    expected.put("offsetof(struct io_uring_sqe, cmd)", (long) IoUring.SQE_CMD);
    // A 32-byte completion is struct io_uring_cqe and its big_cqe[2].
    expected.put("sizeof(struct io_uring_cqe)+2*sizeof(__u64)", (long) IoUring.CQE_SIZE);
    expected.put("offsetof(struct io_uring_cqe, user_data)", (long) IoUring.CQE_USER_DATA);
    expected.put("offsetof(struct io_uring_cqe, res)", (long) IoUring.CQE_RES);
    expected.put("offsetof(struct io_uring_cqe, big_cqe)", (long) IoUring.CQE_BIG);
    expected.put("sizeof(struct io_uring_getevents_arg)", (long) IoUring.GETEVENTS_ARG_SIZE);
    expected.put("offsetof(struct io_uring_getevents_arg, ts)", (long) IoUring.GETEVENTS_ARG_TS);
    expected.put("sizeof(struct __kernel_timespec)", (long) IoUring.TIMESPEC_SIZE);

    assertThat(print(dir, expected)).isEqualTo(expected);
  }

  @Test
  void theConstantsMatchTheHeaders(@TempDir Path dir) throws Exception {
    Map<String, Long> expected = new LinkedHashMap<>();
    expected.put("IORING_OP_NOP", (long) IoUring.OP_NOP);
    expected.put("IORING_OP_URING_CMD", (long) IoUring.OP_URING_CMD);
    expected.put("IORING_SETUP_SQE128", (long) IoUring.SETUP_SQE128);
    expected.put("IORING_SETUP_CQE32", (long) IoUring.SETUP_CQE32);
    expected.put("IORING_ENTER_GETEVENTS", (long) IoUring.ENTER_GETEVENTS);
    expected.put("IORING_ENTER_EXT_ARG", (long) IoUring.ENTER_EXT_ARG);
    expected.put("IORING_FEAT_SINGLE_MMAP", (long) IoUring.FEAT_SINGLE_MMAP);
    expected.put("IORING_FEAT_EXT_ARG", (long) IoUring.FEAT_EXT_ARG);
    expected.put("IORING_SQ_CQ_OVERFLOW", (long) IoUring.SQ_CQ_OVERFLOW);
    expected.put("IORING_OFF_SQ_RING", IoUring.OFF_SQ_RING);
    expected.put("IORING_OFF_CQ_RING", IoUring.OFF_CQ_RING);
    expected.put("IORING_OFF_SQES", IoUring.OFF_SQES);
    expected.put("__NR_io_uring_setup", UringNative.NR_IO_URING_SETUP);
    expected.put("__NR_io_uring_enter", UringNative.NR_IO_URING_ENTER);
    expected.put("MAP_SHARED", (long) UringNative.MAP_SHARED);
    expected.put("MAP_POPULATE", (long) UringNative.MAP_POPULATE);

    assertThat(print(dir, expected)).isEqualTo(expected);
  }

  /** Prints each key's value as C computes it, under the key. */
  private static Map<String, Long> print(Path dir, Map<String, Long> keys) throws Exception {
    StringBuilder body = new StringBuilder();
    for (String key : keys.keySet()) {
      body.append("printf(\"%s %llu\\n\", \"").append(key.replace(" ", "")).append("\", (unsigned long long)(")
          .append(key).append("));\n");
    }
    Map<String, Long> printed = CProgram.print(dir, INCLUDES, body.toString());
    Map<String, Long> byKey = new LinkedHashMap<>();
    for (String key : keys.keySet()) {
      byKey.put(key, printed.get(key.replace(" ", "")));
    }
    return byKey;
  }
}
