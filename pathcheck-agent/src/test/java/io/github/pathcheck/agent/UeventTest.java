package io.github.pathcheck.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Parsing the kernel's uevent messages, as the kernel lays them out. */
class UeventTest {
  private static byte[] message(String... parts) {
    return (String.join("\0", parts) + "\0").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void parsesTheHeaderAndEveryProperty() {
    Uevent event = Uevent.parse(message("add@/devices/virtual/block/loop200", "ACTION=add",
        "DEVPATH=/devices/virtual/block/loop200", "SUBSYSTEM=block", "MAJOR=7", "MINOR=200", "DEVNAME=loop200",
        "DEVTYPE=disk", "DISKSEQ=5847", "SEQNUM=10394")).orElseThrow();

    assertThat(event.action()).isEqualTo("add");
    assertThat(event.devpath()).isEqualTo("/devices/virtual/block/loop200");
    assertThat(event.property("DEVNAME")).hasValue("loop200");
    assertThat(event.property("SEQNUM")).hasValue("10394");
    assertThat(event.isDisk()).isTrue();
  }

  @Test
  void aPartitionOrAnotherSubsystemIsNotADisk() {
    assertThat(Uevent.parse(message("add@/devices/virtual/block/loop0/loop0p1", "ACTION=add",
        "SUBSYSTEM=block", "DEVNAME=loop0p1", "DEVTYPE=partition")).orElseThrow().isDisk()).isFalse();
    assertThat(Uevent.parse(message("add@/devices/virtual/bdi/7:200", "ACTION=add", "SUBSYSTEM=bdi"))
        .orElseThrow().isDisk()).isFalse();
  }

  @Test
  void anNvmeControllersEventIsAControllersAndNotADisks() {
    Uevent controller = Uevent.parse(message("add@/devices/virtual/nvme-fabrics/ctl/nvme1", "ACTION=add",
        "DEVPATH=/devices/virtual/nvme-fabrics/ctl/nvme1", "SUBSYSTEM=nvme", "MAJOR=238", "MINOR=1",
        "DEVNAME=nvme1", "NVME_TRTYPE=tcp")).orElseThrow();
    Uevent head = Uevent.parse(message("add@/devices/virtual/nvme-subsystem/nvme-subsys0/nvme0n1", "ACTION=add",
        "SUBSYSTEM=block", "DEVNAME=nvme0n1", "DEVTYPE=disk")).orElseThrow();

    assertThat(controller.isNvmeController()).isTrue();
    assertThat(controller.isDisk()).isFalse();
    assertThat(head.isNvmeController()).isFalse();
    assertThat(Uevent.parse(message("add@/devices/virtual/nvme-subsystem/nvme-subsys0", "ACTION=add",
        "SUBSYSTEM=nvme-subsystem")).orElseThrow().isNvmeController()).isFalse();
  }

  @Test
  void ignoresUdevsMessagesAndAHeaderWithoutAction() {
    assertThat(Uevent.parse(message("libudev", "garbage"))).isEmpty();
    assertThat(Uevent.parse(message("@/devices/x", "ACTION=add"))).isEmpty();
    assertThat(Uevent.parse(message("add@", "ACTION=add"))).isEmpty();
    assertThat(Uevent.parse(new byte[0])).isEmpty();
  }

  @Test
  void keepsAValueWithAnEqualsSignAndTheFirstOfARepeatedKey() {
    Uevent event = Uevent.parse(message("change@/devices/x", "MODALIAS=a=b", "KEY=1", "KEY=2", "junk"))
        .orElseThrow();

    assertThat(event.property("MODALIAS")).hasValue("a=b");
    assertThat(event.property("KEY")).hasValue("1");
    assertThat(event.properties()).doesNotContainKey("junk");
  }
}
