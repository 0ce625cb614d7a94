package io.github.pathcheck.tur;

import static io.github.pathcheck.tur.Sg.checkCondition;
import static io.github.pathcheck.tur.Sg.descriptor;
import static io.github.pathcheck.tur.Sg.fixed;
import static io.github.pathcheck.tur.Sg.truncated;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.CheckerMessages;
import io.github.pathcheck.api.PathState;
import io.github.pathcheck.nativeio.SgIoResult;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TurDecoderTest {
  private static final int NOT_READY = 0x2;
  private static final int ILLEGAL_REQUEST = 0x5;
  private static final int UNIT_ATTENTION = 0x6;

  /** Both sense formats, so every sense rule is tested in each. */
  static Stream<Arguments> formats() {
    return Stream.of(
        Arguments.of("fixed", (SenseFormat) Sg::fixed),
        Arguments.of("descriptor", (SenseFormat) Sg::descriptor));
  }

  interface SenseFormat {
    byte[] sense(int key, int asc, int ascq);
  }

  private static CheckResult decodeFinal(SgIoResult result) {
    return TurDecoder.decode(result, false);
  }

  // ioctl failures

  @Test
  void enottyMeansTheDeviceHasNoSgIo() {
    CheckResult answer = decodeFinal(SgIoResult.ioctlFailed(25));

    assertThat(answer.state()).isEqualTo(PathState.WILD);
    assertThat(answer.message()).isEqualTo(" doesn't support this device");
    assertThat(TurDecoder.decode(SgIoResult.ioctlFailed(25), true)).isEqualTo(answer);
  }

  @Test
  void einvalIsWhatTheLoopDriverAnswersForSgIo() {
    assertThat(decodeFinal(SgIoResult.ioctlFailed(22))).isEqualTo(CheckResult.UNSUPPORTED_DEVICE);
  }

  @Test
  void everyOtherErrnoIsDownWithoutRetry() {
    for (int errno = 1; errno <= 133; errno++) {
      if (errno == 22 || errno == 25) {
        continue;
      }
      assertThat(TurDecoder.decode(SgIoResult.ioctlFailed(errno), true))
          .as("errno %d", errno)
          .isEqualTo(CheckResult.DOWN);
    }
    assertThat(CheckResult.DOWN.message()).isEqualTo(CheckerMessages.PATH_DOWN);
  }

  // status

  @Test
  void goodIsUp() {
    assertThat(decodeFinal(Sg.good())).isEqualTo(CheckResult.UP);
    assertThat(CheckResult.UP.message()).isEqualTo(" reports path is up");
  }

  @ParameterizedTest
  @ValueSource(ints = {0x18, 0x19, 0x98, 0x99})
  void reservationConflictIsUpWhateverElseIsReported(int status) {
    SgIoResult conflict =
        SgIoResult.completed(
            status, Sg.DID_ERROR, Sg.DRIVER_SENSE, SgIoResult.SG_INFO_OK_MASK, fixed(NOT_READY, 4, 3), 1);

    assertThat(TurDecoder.decode(conflict, true)).isEqualTo(CheckResult.UP);
  }

  @ParameterizedTest
  @ValueSource(ints = {0x08, 0x1a, 0x28, 0x10})
  void otherStatusesWithAProblemAreDown(int status) {
    SgIoResult busy = SgIoResult.completed(status, 0, 0, SgIoResult.SG_INFO_OK_MASK, new byte[0], 1);

    assertThat(TurDecoder.decode(busy, true)).isEqualTo(CheckResult.DOWN);
  }

  @Test
  void nothingReportedIsUpWhateverTheFields() {
    SgIoResult quiet =
        SgIoResult.completed(
            Sg.CHECK_CONDITION, Sg.DID_ERROR, Sg.DRIVER_SENSE, 0, fixed(NOT_READY, 4, 0x0b), 1);

    assertThat(TurDecoder.decode(quiet, true)).isEqualTo(CheckResult.UP);
  }

  // host status

  @Test
  void hostStatusesThatSayThePathIsGoneAreNotRetried() {
    for (int host : List.of(0x00, 0x01, 0x04, 0x05, 0x0f)) {
      assertThat(TurDecoder.decode(Sg.hostStatus(host, new byte[0]), true))
          .as("host status 0x%02x", host)
          .isEqualTo(CheckResult.DOWN);
    }
  }

  @Test
  void everyOtherHostStatusIsRetriedWhileAttemptsRemain() {
    List<Integer> notRetried = List.of(0x00, 0x01, 0x04, 0x05, 0x0f);
    for (int host = 0; host <= 0x20; host++) {
      if (notRetried.contains(host)) {
        continue;
      }
      assertThat(TurDecoder.decode(Sg.hostStatus(host, new byte[0]), true))
          .as("host status 0x%02x", host)
          .isNull();
      assertThat(TurDecoder.decode(Sg.hostStatus(host, new byte[0]), false))
          .as("host status 0x%02x, last attempt", host)
          .isEqualTo(CheckResult.DOWN);
    }
    assertThat(TurDecoder.decode(Sg.hostStatus(0xffff, new byte[0]), true)).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void lastAttemptWithAHostErrorFallsThroughToTheSense(String name, SenseFormat format) {
    assertThat(decodeFinal(Sg.hostStatus(Sg.DID_ERROR, format.sense(NOT_READY, 0x04, 0x0b))))
        .isEqualTo(CheckResult.GHOST);
    assertThat(decodeFinal(Sg.hostStatus(Sg.DID_ERROR, format.sense(ILLEGAL_REQUEST, 0x25, 0))))
        .isEqualTo(TurDecoder.DISCONNECTED);
    assertThat(decodeFinal(Sg.hostStatus(Sg.DID_ERROR, format.sense(UNIT_ATTENTION, 0x29, 0))))
        .isEqualTo(CheckResult.DOWN);
    assertThat(TurDecoder.decode(Sg.hostStatus(Sg.DID_ERROR, format.sense(NOT_READY, 0x04, 0x0b)), true))
        .as("retried first while attempts remain")
        .isNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void finalHostStatusStillReadsTheSense(String name, SenseFormat format) {
    assertThat(TurDecoder.decode(Sg.hostStatus(0x01, format.sense(NOT_READY, 0x04, 0x0b)), true))
        .isEqualTo(CheckResult.GHOST);
    assertThat(TurDecoder.decode(Sg.hostStatus(0x0f, format.sense(UNIT_ATTENTION, 0x28, 0)), true))
        .isNull();
  }

  // sense

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void unitAttentionIsRetriedThenDown(String name, SenseFormat format) {
    for (int[] ascAscq : new int[][] {{0x29, 0x00}, {0x28, 0x00}, {0x2a, 0x06}, {0x3f, 0x0e}}) {
      SgIoResult ua = checkCondition(format.sense(UNIT_ATTENTION, ascAscq[0], ascAscq[1]));
      assertThat(TurDecoder.decode(ua, true)).isNull();
      assertThat(TurDecoder.decode(ua, false)).isEqualTo(CheckResult.DOWN);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void standbyIsGhost(String name, SenseFormat format) {
    CheckResult answer = TurDecoder.decode(checkCondition(format.sense(NOT_READY, 0x04, 0x0b)), true);

    assertThat(answer.state()).isEqualTo(PathState.GHOST);
    assertThat(answer.message()).isEqualTo(" reports path is ghost");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void accessStateTransitionIsPendingAndSaysSo(String name, SenseFormat format) {
    CheckResult answer = TurDecoder.decode(checkCondition(format.sense(NOT_READY, 0x04, 0x0a)), true);

    assertThat(answer.state()).isEqualTo(PathState.PENDING);
    assertThat(answer.message()).isEqualTo(" reports path is transitioning");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void otherNotReadyIsDown(String name, SenseFormat format) {
    for (int[] ascAscq : new int[][] {{0x04, 0x00}, {0x04, 0x01}, {0x04, 0x02}, {0x04, 0x0c}, {0x3a, 0x00},
          {0x05, 0x0b}, {0x05, 0x0a}}) {
      assertThat(TurDecoder.decode(checkCondition(format.sense(NOT_READY, ascAscq[0], ascAscq[1])), true))
          .as("02/%02x/%02x", ascAscq[0], ascAscq[1])
          .isEqualTo(CheckResult.DOWN);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void logicalUnitNotSupportedIsDisconnected(String name, SenseFormat format) {
    CheckResult answer = TurDecoder.decode(checkCondition(format.sense(ILLEGAL_REQUEST, 0x25, 0x00)), true);

    assertThat(answer.state()).isEqualTo(PathState.DISCONNECTED);
    assertThat(answer.message()).isEqualTo(" no access to this device");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void otherIllegalRequestIsDown(String name, SenseFormat format) {
    for (int[] ascAscq : new int[][] {{0x25, 0x01}, {0x20, 0x00}, {0x24, 0x00}, {0x04, 0x0b}}) {
      assertThat(TurDecoder.decode(checkCondition(format.sense(ILLEGAL_REQUEST, ascAscq[0], ascAscq[1])), true))
          .isEqualTo(CheckResult.DOWN);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void theCodesMeanSomethingOnlyWithTheirKey(String name, SenseFormat format) {
    for (int key = 0; key <= 0xf; key++) {
      if (key == NOT_READY || key == ILLEGAL_REQUEST || key == UNIT_ATTENTION) {
        continue;
      }
      for (int[] ascAscq : new int[][] {{0x04, 0x0b}, {0x04, 0x0a}, {0x25, 0x00}}) {
        assertThat(TurDecoder.decode(checkCondition(format.sense(key, ascAscq[0], ascAscq[1])), true))
            .as("key %x with %02x/%02x", key, ascAscq[0], ascAscq[1])
            .isEqualTo(CheckResult.DOWN);
      }
    }
  }

  @Test
  void checkConditionWithoutSenseIsDown() {
    assertThat(TurDecoder.decode(checkCondition(new byte[0]), true)).isEqualTo(CheckResult.DOWN);
  }

  // sense formats

  @ParameterizedTest
  @ValueSource(ints = {0x70, 0x71, 0xf0, 0xf1})
  void fixedFormatResponseCodesWithOrWithoutTheValidBit(int responseCode) {
    assertThat(decodeFinal(checkCondition(fixed(responseCode, NOT_READY, 0x04, 0x0b))))
        .isEqualTo(CheckResult.GHOST);
  }

  @ParameterizedTest
  @ValueSource(ints = {0x72, 0x73})
  void descriptorFormatResponseCodes(int responseCode) {
    assertThat(decodeFinal(checkCondition(descriptor(responseCode, NOT_READY, 0x04, 0x0b))))
        .isEqualTo(CheckResult.GHOST);
  }

  @ParameterizedTest
  @ValueSource(ints = {0x00, 0x6f, 0x74, 0x7e, 0x7f, 0xf2, 0xf3, 0xff})
  void unknownResponseCodesCarryNoSense(int responseCode) {
    byte[] asFixed = fixed(responseCode, NOT_READY, 0x04, 0x0b);
    byte[] asDescriptor = descriptor(responseCode, NOT_READY, 0x04, 0x0b);

    assertThat(decodeFinal(checkCondition(asFixed))).isEqualTo(CheckResult.DOWN);
    assertThat(decodeFinal(checkCondition(asDescriptor))).isEqualTo(CheckResult.DOWN);
    assertThat(TurDecoder.decode(checkCondition(descriptor(responseCode, UNIT_ATTENTION, 0x29, 0)), true))
        .as("no retry: the key is not read")
        .isEqualTo(CheckResult.DOWN);
  }

  @Test
  void senseKeyIgnoresTheFlagBitsAroundIt() {
    // Fixed: FILEMARK, EOM and ILI sit above the key in byte 2. Descriptor: byte 1's high nibble is reserved.
    assertThat(decodeFinal(checkCondition(fixed(0xe0 | NOT_READY, 0x04, 0x0b)))).isEqualTo(CheckResult.GHOST);
    assertThat(decodeFinal(checkCondition(descriptor(0xf0 | NOT_READY, 0x04, 0x0b))))
        .isEqualTo(CheckResult.GHOST);
  }

  // short and truncated sense: only what the kernel wrote counts

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3})
  void threeBytesOrFewerAreNotRead(int length) {
    assertThat(TurDecoder.decode(checkCondition(truncated(descriptor(UNIT_ATTENTION, 0x29, 0), length)), true))
        .isEqualTo(CheckResult.DOWN);
    assertThat(TurDecoder.decode(checkCondition(truncated(fixed(UNIT_ATTENTION, 0x29, 0), length)), true))
        .isEqualTo(CheckResult.DOWN);
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 5, 8})
  void descriptorSenseNeedsFourBytes(int length) {
    assertThat(decodeFinal(checkCondition(truncated(descriptor(NOT_READY, 0x04, 0x0b), length))))
        .isEqualTo(CheckResult.GHOST);
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 8, 12, 13})
  void fixedSenseShorterThanFourteenBytesIsNotRead(int length) {
    assertThat(decodeFinal(checkCondition(truncated(fixed(NOT_READY, 0x04, 0x0b), length))))
        .isEqualTo(CheckResult.DOWN);
    assertThat(TurDecoder.decode(checkCondition(truncated(fixed(UNIT_ATTENTION, 0x29, 0), length)), true))
        .as("no retry: the key is not read")
        .isEqualTo(CheckResult.DOWN);
  }

  @ParameterizedTest
  @ValueSource(ints = {14, 18, 32})
  void fixedSenseOfFourteenBytesOrMoreIsRead(int length) {
    IntFunction<byte[]> ghost = n -> truncated(fixed(NOT_READY, 0x04, 0x0b), n);

    assertThat(decodeFinal(checkCondition(ghost.apply(length)))).isEqualTo(CheckResult.GHOST);
  }

  @Test
  void bytesBeyondWhatWasWrittenAreNeverSeen() {
    // A stale buffer would hold 04/0B at 12-13; the kernel wrote only 13 bytes, so ASCQ is unknown.
    byte[] written = truncated(fixed(NOT_READY, 0x04, 0x0b), 13);

    assertThat(decodeFinal(checkCondition(written))).isEqualTo(CheckResult.DOWN);
    assertThat(IntStream.range(0, 13).map(i -> written[i]).sum()).isNotZero();
  }
}
