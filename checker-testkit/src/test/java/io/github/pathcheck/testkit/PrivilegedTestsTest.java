package io.github.pathcheck.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class PrivilegedTestsTest {

  @Test
  void passesWhenThePrivilegeIsThere() {
    assertThatCode(() -> PrivilegedTests.assumePrivilege(true, "root to attach a loop device", true))
        .doesNotThrowAnyException();
  }

  @Test
  void skipsWithWhatIsNeededWhenNotRequired() {
    assertThatThrownBy(
            () -> PrivilegedTests.assumePrivilege(false, "root to attach a loop device", false))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("needs root to attach a loop device")
        .hasMessageContaining(PrivilegedTests.REQUIRE_ENV + "=1");
  }

  @Test
  void failsWhenRequired() {
    assertThatThrownBy(
            () -> PrivilegedTests.assumePrivilege(false, "root to attach a loop device", true))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("needs root to attach a loop device")
        .hasMessageContaining(PrivilegedTests.REQUIRE_ENV + "=1 forbids skipping");
  }

  @Test
  void knowsWhetherItIsRoot() throws Exception {
    // The kernel makes /proc/self owned by the process's effective user.
    assertThat(PrivilegedTests.isRoot())
        .isEqualTo(Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0));
  }
}
