package io.github.pathcheck.nativeio.nvme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NvmeCommandTest {
  @Test
  void anaLogPageAsksForEveryNamespaceWithNumberOfDwordsLessOneAndRetainsTheEvent() {
    NvmeCommand command = NvmeCommand.anaLogPage(4096);

    assertThat(command.opcode()).isEqualTo(0x02);
    assertThat(command.nsid()).isEqualTo(0xffffffff);
    assertThat(command.cdw(10)).isEqualTo(0x0c | 1 << 15 | 1023 << 16);
    assertThat(command.cdw(11)).isZero();
    assertThat(command.dataLength()).isEqualTo(4096);
  }

  @Test
  void aLogLongerThan256KiBCarriesTheUpperDwordCountInDword11() {
    NvmeCommand command = NvmeCommand.getLogPage(0x0c, 0, 4 * 0x12345, 1);

    assertThat(command.cdw(10) >>> 16).isEqualTo(0x2344);
    assertThat(command.cdw(10) & 0xf00).isEqualTo(0x100);
    assertThat(command.cdw(11)).isEqualTo(0x1);
  }

  @Test
  void identifyCommandsNameTheirDataStructure() {
    assertThat(NvmeCommand.identifyController().cdw(10)).isEqualTo(1);
    assertThat(NvmeCommand.identifyController().dataLength()).isEqualTo(4096);
    assertThat(NvmeCommand.identifyNamespace(3).nsid()).isEqualTo(3);
    assertThat(NvmeCommand.identifyNamespace(3).cdw(10)).isZero();
  }

  @Test
  void readCarriesTheStartingBlockAndTheBlockCountLessOne() {
    NvmeCommand command = NvmeCommand.read(1, 0x1_0000_0002L, 8, 512);

    assertThat(command.opcode()).isEqualTo(0x02);
    assertThat(command.cdw(10)).isEqualTo(2);
    assertThat(command.cdw(11)).isEqualTo(1);
    assertThat(command.cdw(12)).isEqualTo(7);
    assertThat(command.dataLength()).isEqualTo(4096);
  }

  @Test
  void refusesCommandsTheControllerCouldNotTake() {
    assertThatThrownBy(() -> NvmeCommand.identifyNamespace(0)).hasMessageContaining("names no namespace");
    assertThatThrownBy(() -> NvmeCommand.anaLogPage(4094)).hasMessageContaining("multiple of 4");
    assertThatThrownBy(() -> NvmeCommand.read(1, 0, 1, 500)).hasMessageContaining("power of two");
    assertThatThrownBy(() -> NvmeCommand.read(1, -1, 1, 512)).hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> NvmeCommand.getLogPage(0x100, 0, 4, 0)).hasMessageContaining("0 to 255");
    assertThatThrownBy(() -> NvmeCommand.identifyController().cdw(16)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void equalCommandsAreEqual() {
    assertThat(NvmeCommand.anaLogPage(4096)).isEqualTo(NvmeCommand.anaLogPage(4096));
    assertThat(NvmeCommand.anaLogPage(4096)).hasSameHashCodeAs(NvmeCommand.anaLogPage(4096));
    assertThat(NvmeCommand.anaLogPage(4096)).isNotEqualTo(NvmeCommand.anaLogPage(8192));
    assertThat(NvmeCommand.anaLogPage(4096).toString()).contains("opcode=0x2", "nsid=4294967295", "cdw10=0x3ff800c");
  }
}
