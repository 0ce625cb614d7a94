package io.github.pathcheck.nativeio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeExceptionTest {
  private static final Path DISK = Path.of("/dev/sdx");

  @Test
  void namesCallPathErrnoAndHint() {
    NativeException e = new NativeException(2, "open", DISK);

    assertThat(e.errno()).isEqualTo(2);
    assertThat(e.errnoName()).isEqualTo("ENOENT");
    assertThat(e.call()).isEqualTo("open");
    assertThat(e.path()).contains(DISK);
    assertThat(e)
        .hasMessage("open(/dev/sdx) failed: ENOENT (No such file or directory); check that the device exists");
  }

  @Test
  void permissionErrorsSayToRunAsRootOrGrantAccess() {
    assertThat(new NativeException(13, "open", DISK))
        .hasMessage(
            "open(/dev/sdx) failed: EACCES (Permission denied); run as root or grant read access to /dev/sdx");
    assertThat(new NativeException(1, "open", DISK))
        .hasMessage(
            "open(/dev/sdx) failed: EPERM (Operation not permitted); run as root or grant read access to /dev/sdx");
  }

  @Test
  void callWithArgumentsPutsThePathAfterIt() {
    assertThat(new NativeException(22, "fcntl(F_SETFL)", DISK))
        .hasMessage(
            "fcntl(F_SETFL) on /dev/sdx failed: EINVAL (Invalid argument); the file system may not support a"
                + " requested flag (tmpfs may not support O_DIRECT)");
  }

  @Test
  void withoutPath() {
    NativeException e = new NativeException(11, "io_submit");

    assertThat(e.path()).isEmpty();
    assertThat(e).hasMessage("io_submit failed: EAGAIN (Resource temporarily unavailable)");
  }

  @Test
  void unknownErrno() {
    NativeException e = new NativeException(1234, "ioctl(SG_IO)", DISK);

    assertThat(e.errnoName()).isEqualTo("errno 1234");
    assertThat(e).hasMessage("ioctl(SG_IO) on /dev/sdx failed: errno 1234 (Unknown error 1234)");
    assertThat(new NativeException(0, "x").errnoName()).isEqualTo("errno 0");
    assertThat(new NativeException(-5, "x").errnoName()).isEqualTo("errno -5");
  }

  @Test
  void errnoNameSpotChecks() {
    assertThat(Errno.name(1)).isEqualTo("EPERM");
    assertThat(Errno.name(5)).isEqualTo("EIO");
    assertThat(Errno.name(11)).isEqualTo("EAGAIN");
    assertThat(Errno.name(25)).isEqualTo("ENOTTY");
    assertThat(Errno.name(38)).isEqualTo("ENOSYS");
    assertThat(Errno.name(95)).isEqualTo("EOPNOTSUPP");
    assertThat(Errno.name(110)).isEqualTo("ETIMEDOUT");
    assertThat(Errno.name(133)).isEqualTo("EHWPOISON");
    assertThat(Errno.name(41)).as("unused number").isEqualTo("errno 41");
    assertThat(Errno.description(5)).isEqualTo("Input/output error");
  }

  @Test
  void errnoTableMatchesTheCHeaders() throws Exception {
    CHeaders headers = CHeaders.of("#include <errno.h>\n");
    Map<String, String> macros = headers.macros();
    int checked = 0;
    for (String name : macros.keySet()) {
      if (!name.matches("E[A-Z0-9]+") || !macros.get(name).matches("\\d+")) {
        continue; // aliases such as EWOULDBLOCK name another macro
      }
      assertThat(Errno.name((int) headers.value(name))).as(name).isEqualTo(name);
      checked++;
    }
    assertThat(checked).isGreaterThan(120);
  }
}
