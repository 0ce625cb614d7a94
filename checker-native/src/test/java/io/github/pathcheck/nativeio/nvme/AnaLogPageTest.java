package io.github.pathcheck.nativeio.nvme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AnaLogPageTest {
  @Test
  void decodesEveryGroupWithItsStateAndNamespaces() {
    byte[] bytes =
        new AnaLogPages(0x0102030405L)
            .group(1, 0x01, 7, 1, 3)
            .group(2, 0x03, 8, 2)
            .group(0x81, 0x0f, 0x1_0000_0000L)
            .bytes();

    AnaLogPage page = AnaLogPage.parse(bytes);

    assertThat(page.changeCount()).isEqualTo(0x0102030405L);
    assertThat(page.isComplete()).isTrue();
    assertThat(page.requiredLength()).isEqualTo(bytes.length);
    assertThat(page.groups()).hasSize(3);
    assertThat(page.groupOf(3).orElseThrow().id()).isEqualTo(1);
    assertThat(page.groupOf(3).orElseThrow().state()).contains(AnaState.OPTIMIZED);
    assertThat(page.groupOf(2).orElseThrow().state()).contains(AnaState.INACCESSIBLE);
    assertThat(page.groupOf(2).orElseThrow().changeCount()).isEqualTo(8);
    assertThat(page.groups().get(2).state()).contains(AnaState.CHANGE);
    assertThat(page.groups().get(2).id()).isEqualTo(0x81);
    assertThat(page.groups().get(2).changeCount()).isEqualTo(0x1_0000_0000L);
    assertThat(page.groupOf(4)).isEmpty();
  }

  @Test
  void readsOnlyTheLowFourBitsOfTheStateByteAndKeepsAReservedCode() {
    AnaLogPage page = AnaLogPage.parse(new AnaLogPages(1).group(1, 0xf4, 0, 1).group(2, 0x05, 0, 2).bytes());

    assertThat(page.groupOf(1).orElseThrow().state()).contains(AnaState.PERSISTENT_LOSS);
    assertThat(page.groupOf(2).orElseThrow().state()).isEmpty();
    assertThat(page.groupOf(2).orElseThrow().stateCode()).isEqualTo(5);
  }

  @Test
  void aBufferShorterThanThePageDecodesTheGroupsThatFitAndSaysHowMuchMoreIsNeeded() {
    byte[] full = new AnaLogPages(1).group(1, 0x01, 0, 1).group(2, 0x02, 0, 2, 3, 4).bytes();
    int firstGroupEnds = AnaLogPage.HEADER_LENGTH + AnaLogPage.DESCRIPTOR_LENGTH + 4;

    AnaLogPage cutInSecondList = AnaLogPage.parse(Arrays.copyOf(full, full.length - 4));
    AnaLogPage cutInSecondDescriptor = AnaLogPage.parse(Arrays.copyOf(full, firstGroupEnds + 8));

    assertThat(cutInSecondList.isComplete()).isFalse();
    assertThat(cutInSecondList.groups()).hasSize(1);
    assertThat(cutInSecondList.requiredLength()).isEqualTo(full.length);
    assertThat(cutInSecondDescriptor.isComplete()).isFalse();
    assertThat(cutInSecondDescriptor.groupOf(1)).isPresent();
    assertThat(cutInSecondDescriptor.requiredLength()).isGreaterThan(firstGroupEnds + 8);
  }

  @Test
  void nsidsAboveTwoToTheThirtyOneStayDistinct() {
    AnaLogPage page = AnaLogPage.parse(new AnaLogPages(1).group(1, 0x02, 0, 0xfffffffe).bytes());

    assertThat(page.groupOf(0xfffffffe).orElseThrow().nsids()).containsExactly(0xfffffffe);
  }

  @Test
  void refusesABufferShorterThanTheHeader() {
    assertThatThrownBy(() -> AnaLogPage.parse(new byte[15]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("16-byte header");
  }

  @Test
  void statesHaveTheLogCodesAndTheSysfsNames() {
    assertThat(AnaState.ofCode(0x02)).contains(AnaState.NON_OPTIMIZED);
    assertThat(AnaState.ofCode(0x00)).isEmpty();
    assertThat(AnaState.ofSysfsName("persistent-loss\n")).contains(AnaState.PERSISTENT_LOSS);
    assertThat(AnaState.ofSysfsName("optimised")).isEmpty();
    assertThat(AnaState.CHANGE.code()).isEqualTo(0x0f);
  }
}
