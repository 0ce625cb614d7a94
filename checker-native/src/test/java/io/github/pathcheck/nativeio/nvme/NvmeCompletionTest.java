package io.github.pathcheck.nativeio.nvme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NvmeCompletionTest {
  @Test
  void describesSuccessErrnoAndStatus() {
    assertThat(NvmeCompletion.completed(0, 0, new byte[4]).describe()).isEqualTo("succeeded");
    assertThat(NvmeCompletion.ioctlFailed(25).describe()).startsWith("failed: ENOTTY (");
    assertThat(NvmeCompletion.completed(0x302, 0, new byte[0]).describe())
        .isEqualTo("failed with status 0x302 (asymmetric access inaccessible)");
    assertThat(NvmeCompletion.completed(0x4109, 0, new byte[0]).describe())
        .isEqualTo("failed with status 0x109 (invalid log page)");
    assertThat(NvmeCompletion.completed(0x3ff, 0, new byte[0]).describe()).isEqualTo("failed with status 0x3ff (path related)");
  }

  @Test
  void splitsTheStatusIntoTypeAndCodeIgnoringDoNotRetry() {
    NvmeCompletion aborted = NvmeCompletion.completed(0x4371, 0, new byte[0]);

    assertThat(aborted.statusCodeType()).isEqualTo(3);
    assertThat(aborted.statusCode()).isEqualTo(0x71);
    assertThat(aborted.isPathStatus(NvmeCompletion.SC_HOST_ABORTED)).isTrue();
    assertThat(aborted.isSuccess()).isFalse();
    assertThat(NvmeCompletion.ioctlFailed(5).isPathStatus(0)).isFalse();
  }

  @Test
  void keepsItsDataToItself() {
    byte[] data = {1, 2};
    NvmeCompletion completion = NvmeCompletion.completed(0, 7, data);
    data[0] = 9;
    completion.data()[1] = 9;

    assertThat(completion.data()).containsExactly(1, 2);
    assertThat(completion.result()).isEqualTo(7);
  }

  @Test
  void refusesImpossibleValues() {
    assertThatThrownBy(() -> NvmeCompletion.ioctlFailed(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NvmeCompletion.completed(-1, 0, new byte[0])).isInstanceOf(IllegalArgumentException.class);
  }
}
