package io.github.pathcheck.vendors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.fixtures.FakeDevice;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmcClariionCheckerTest {
  private final FakeScsiTransport transport = new FakeScsiTransport();
  private final EmcMapContexts contexts = new EmcMapContexts();
  private final CheckerClass emc = EmcClariionCheckerProvider.load(Map.of(), transport, contexts);
  private final FakeDevice active = FakeDevice.of("/dev/sda");
  private final FakeDevice passive = FakeDevice.of("/dev/sdb");
  private final FakeDevice elsewhere = FakeDevice.of("/dev/sdc");

  private static CheckerOptions map(String name) {
    return CheckerOptions.defaults().withProperty(EmcClariionCheckerProvider.MAP_PROPERTY, name);
  }

  @Test
  void theActivePathReadsItsFirstBlockAndAPassivePathDoesNot() throws Exception {
    transport.answer(active, EmcProbe.UNIT_REPORT, Sg.good(EmcPages.page(2, 0x60)));
    transport.answer(passive, EmcProbe.UNIT_REPORT, Sg.good(EmcPages.page(1, 0x60)));
    try (Freed a = new Freed(emc.init(active, map("lun1")));
        Freed p = new Freed(emc.init(passive, map("lun1")))) {
      assertThat(a.check()).isEqualTo(CheckResult.of(PathState.UP, EmcDecoder.ACTIVE_UP));
      assertThat(p.check()).isEqualTo(CheckResult.of(PathState.UP, EmcDecoder.PASSIVE_UP));
    }
    assertThat(transport.sentTo(active)).containsExactly(EmcProbe.UNIT_REPORT, EmcProbe.READ_FIRST_BLOCK);
    assertThat(transport.sentTo(passive)).containsExactly(EmcProbe.UNIT_REPORT);
    assertThat(EmcProbe.UNIT_REPORT.cdb()).containsExactly(0x12, 1, 0xc0, 0, 128, 0);
  }

  @Test
  void anInactiveSnapshotFoundByTheActivePathDownsThePassivePathsOfItsMapOnly() throws Exception {
    transport.answer(active, EmcProbe.UNIT_REPORT, Sg.good(EmcPages.page(2, 0x60)));
    transport.answer(passive, EmcProbe.UNIT_REPORT, Sg.good(EmcPages.page(1, 0x60)));
    transport.answer(elsewhere, EmcProbe.UNIT_REPORT, Sg.good(EmcPages.page(1, 0x70)));
    transport.answer(active, EmcProbe.READ_FIRST_BLOCK, Sg.checkCondition(0x5, 0x25, 0x01));
    CheckResult snapshot = CheckResult.of(PathState.DOWN, EmcDecoder.INACTIVE_SNAPSHOT);
    try (Freed a = new Freed(emc.init(active, map("lun1")));
        Freed p = new Freed(emc.init(passive, map("lun1")));
        Freed other = new Freed(emc.init(elsewhere, map("lun2")))) {
      assertThat(contexts.size()).isEqualTo(2);

      assertThat(a.check()).isEqualTo(snapshot);
      assertThat(p.check()).isEqualTo(snapshot);
      assertThat(other.check()).isEqualTo(CheckResult.of(PathState.UP, EmcDecoder.PASSIVE_UP));

      transport.answer(active, EmcProbe.READ_FIRST_BLOCK, Sg.good(new byte[4096]));
      assertThat(a.check()).isEqualTo(CheckResult.of(PathState.UP, EmcDecoder.ACTIVE_UP));
      assertThat(p.check()).as("cleared by the active path's good read").isEqualTo(CheckResult.of(PathState.UP, EmcDecoder.PASSIVE_UP));
    }
  }

  @Test
  void theLastPathOfAMapFreedDropsItsContext() throws Exception {
    Freed a = new Freed(emc.init(active, map("lun1")));
    Freed p = new Freed(emc.init(passive, map("lun1")));
    Freed alone = new Freed(emc.init(elsewhere, CheckerOptions.defaults()));
    assertThat(contexts.size()).isEqualTo(1);

    a.free();
    a.free();
    assertThat(contexts.size()).isEqualTo(1);
    p.free();
    assertThat(contexts.size()).isZero();
    alone.free();
    assertThat(contexts.size()).isZero();
  }

  @Test
  void aChangedWwnIsDownUntilThePathIsInitedAgain() throws Exception {
    transport.answer(passive, EmcProbe.UNIT_REPORT, Sg.good(EmcPages.page(1, 0x60)));
    try (Freed p = new Freed(emc.init(passive, map("lun1")))) {
      assertThat(p.check().state()).isEqualTo(PathState.UP);

      transport.answer(passive, EmcProbe.UNIT_REPORT, Sg.good(EmcPages.page(1, 0x61)));
      assertThat(p.check()).isEqualTo(CheckResult.of(PathState.DOWN, EmcDecoder.WWN_CHANGED));
      transport.answer(passive, EmcProbe.UNIT_REPORT, Sg.good(EmcPages.page(1, 0x60)));
      assertThat(p.check().state()).isEqualTo(PathState.UP);
    }
    transport.answer(passive, EmcProbe.UNIT_REPORT, Sg.good(EmcPages.page(1, 0x61)));
    try (Freed p = new Freed(emc.init(passive, map("lun1")))) {
      assertThat(p.check().state()).as("a new checker takes the WWN it sees").isEqualTo(PathState.UP);
    }
  }

  @Test
  void unitAttentionIsRetriedAndOtherPropertiesAreRefused() throws Exception {
    transport.answer(
        passive,
        EmcProbe.UNIT_REPORT,
        Sg.checkCondition(0x6, 0x29, 0),
        Sg.checkCondition(0xb, 0x47, 0),
        Sg.good(EmcPages.page(1, 0x60)));
    try (Freed p = new Freed(emc.init(passive, map("lun1")))) {
      assertThat(p.check().state()).isEqualTo(PathState.UP);
    }
    assertThat(transport.sentTo(passive)).hasSize(3);
    assertThatThrownBy(() -> emc.init(passive, CheckerOptions.defaults().withProperty("state", "up")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
