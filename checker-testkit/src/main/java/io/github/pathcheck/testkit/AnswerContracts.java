package io.github.pathcheck.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.Checker;
import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerInitException;
import io.github.pathcheck.api.CheckerMessages;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;

/**
 * The contracts of {@link CheckerContractKit} on what a checker answers: never null, a final answer's message
 * empty or starting with a space, a device without a descriptor answered {@link CheckResult#NO_USABLE_FD}, and
 * a message that belongs to the answer it came with, for the device as it is now.
 */
final class AnswerContracts {
  private final KitFixture fixture;

  AnswerContracts(KitFixture fixture) {
    this.fixture = fixture;
  }

  void neverNull() throws Exception {
    CheckerClass checkerClass = fixture.load();
    for (CheckMode mode : CheckMode.values()) {
      Checker checker = fixture.init(checkerClass, fixture.checkerOptions().withMode(mode));
      for (int i = 0; i < 3; i++) {
        CheckResult answer = fixture.resolve(checker);
        assertThat(answer.state()).as("the state of check %d (%s)", i, mode).isNotNull();
        assertThat(answer.message()).as("the message of check %d (%s)", i, mode).isNotNull();
      }
      checker.free();
    }
  }

  void deviceWithoutFdIsWild() throws Exception {
    CheckerClass checkerClass = fixture.load();
    Path path = fixture.device().path();
    PathDevice closed = new NoFdDevice(path);
    Checker checker;
    try {
      checker = checkerClass.init(closed, fixture.checkerOptions());
    } catch (CheckerInitException e) {
      assertThat(e.getMessage()).as("the message of init's CheckerInitException").isNotNull();
      return;
    }
    fixture.track(checker::free);
    assertThat(checker).as("init() result").isNotNull();
    assertThat(fixture.resolve(checker))
        .as("the answer for a device with fd -1: state wild, message \"%s\" (rule: a device without a descriptor"
            + " is answered CheckResult.NO_USABLE_FD; fix: answer it when device.fd() < 0 before anything else, or"
            + " extend AbstractChecker, which does)", CheckerMessages.NO_USABLE_FD)
        .isEqualTo(CheckResult.NO_USABLE_FD);
  }

  List<DynamicTest> aMessageBelongsToItsAnswer() {
    if (fixture.needsBlockDevice()
        || fixture.deviceScenarios().stream().noneMatch(DeviceScenario::isKitsTruncatedFile)) {
      return List.of();
    }
    return List.of(DynamicTest.dynamicTest("a file cut and written back", this::cutAndWrittenBack));
  }

  private void cutAndWrittenBack() throws Exception {
    ScratchDisk disk = ScratchDisk.create(fixture.scratchDirectory(), 1 << 20);
    fixture.track(disk);
    LinuxPathDevice device = LinuxPathDevice.open(disk.path());
    fixture.track(device);
    byte[] content = Files.readAllBytes(disk.path());
    Checker checker = fixture.init(fixture.load(), device, fixture.checkerOptions());
    Map<String, CheckResult> answers = new LinkedHashMap<>();
    answers.put("the file", fixture.resolve(checker));
    try (FileChannel file = FileChannel.open(disk.path(), StandardOpenOption.WRITE)) {
      file.truncate(0);
    }
    answers.put("the file cut to nothing", fixture.resolve(checker));
    try (FileChannel file = FileChannel.open(disk.path(), StandardOpenOption.WRITE)) {
      file.write(ByteBuffer.wrap(content), 0);
    }
    answers.put("the file written back", fixture.resolve(checker));
    List<String> names = new ArrayList<>(answers.keySet());
    for (int i = 0; i < names.size(); i++) {
      for (int j = i + 1; j < names.size(); j++) {
        CheckResult a = answers.get(names.get(i));
        CheckResult b = answers.get(names.get(j));
        if (a.state() != b.state() && !a.message().isEmpty() && a.message().equals(b.message())) {
          fail("the " + fixture.checkerName() + " checker answered " + a + " for " + names.get(i) + " and " + b
              + " for " + names.get(j) + ": two states with one message (rule: a message belongs to the answer it"
              + " came with; fix: build each answer's message with its state, as one CheckResult constant per"
              + " answer, and keep no message field across checks); all answers: " + answers);
        }
      }
    }
    assertThat(answers.get("the file written back").state())
        .as("the answer once the file was written back, after %s (a checker answers for the device as it is now,"
            + " not as it was)", answers)
        .isEqualTo(answers.get("the file").state());
  }
}
