package io.github.pathcheck.vendors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RdacModePageTest {
  /** A MODE SENSE(10) answer: 8-byte header, {@code blockDescriptors} bytes of them, the Control page. */
  static byte[] controlPage(int blockDescriptors, int byte5, boolean parametersSaveable) {
    byte[] data = new byte[8 + blockDescriptors + 12];
    data[1] = (byte) (data.length - 2);
    data[7] = (byte) blockDescriptors;
    int page = 8 + blockDescriptors;
    data[page] = (byte) (0x0a | (parametersSaveable ? 0x80 : 0));
    data[page + 1] = 10;
    data[page + 2] = 0x02;
    data[page + 5] = (byte) byte5;
    data[page + 8] = (byte) 0xff;
    data[page + 9] = (byte) 0xff;
    return data;
  }

  @Test
  void aClearChangeableTasIsSetKeepingTheRestOfThePage() {
    byte[] list = RdacModePage.tasSelection(controlPage(0, 0x00, true), controlPage(0, 0x40, false)).orElseThrow();

    byte[] expected = new byte[20];
    expected[8] = 0x0a; // PS cleared
    expected[9] = 10;
    expected[10] = 0x02;
    expected[13] = 0x40; // TAS
    expected[16] = (byte) 0xff;
    expected[17] = (byte) 0xff;
    assertThat(list).containsExactly(expected);
  }

  @Test
  void blockDescriptorsAreSkippedAndLeftOut() {
    byte[] list = RdacModePage.tasSelection(controlPage(8, 0x10, false), controlPage(8, 0x40, false)).orElseThrow();

    assertThat(list).hasSize(20);
    assertThat(list[7]).as("no block descriptors sent").isZero();
    assertThat(list[13]).isEqualTo((byte) 0x50);
  }

  @Test
  void nothingIsSentWhenTasIsSetNotChangeableOrThePageIsNotControl() {
    assertThat(RdacModePage.tasSelection(controlPage(0, 0x40, false), controlPage(0, 0x40, false))).isEmpty();
    assertThat(RdacModePage.tasSelection(controlPage(0, 0x00, false), controlPage(0, 0x00, false))).isEmpty();
    byte[] other = controlPage(0, 0, false);
    other[8] = 0x08;
    assertThat(RdacModePage.tasSelection(other, controlPage(0, 0x40, false))).isEmpty();
    assertThat(RdacModePage.tasSelection(Arrays.copyOf(controlPage(0, 0, false), 13), controlPage(0, 0x40, false)))
        .isEmpty();
    assertThat(RdacModePage.tasSelection(new byte[4], controlPage(0, 0x40, false))).isEmpty();
  }
}
