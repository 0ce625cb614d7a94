package io.github.pathcheck.nativeio.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.nativeio.CHeaders;
import io.github.pathcheck.nativeio.OpenFlags;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LinuxArchTest {
  @Test
  void currentIsTheKernelsArchitecture() throws Exception {
    Process uname = new ProcessBuilder("uname", "-m").start();
    String machine = new String(uname.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    uname.waitFor();

    assertThat(LinuxArch.isSupported()).isTrue();
    assertThat(LinuxArch.current().name()).isEqualTo(machine);
  }

  @Test
  void mapsJvmArchitectureNames() {
    assertThat(LinuxArch.forOsProperties("Linux", "amd64").name()).isEqualTo("x86_64");
    assertThat(LinuxArch.forOsProperties("Linux", "aarch64").name()).isEqualTo("aarch64");
    assertThat(LinuxArch.forOsProperties("Linux", "ppc64le")).isNull();
    assertThat(LinuxArch.forOsProperties("Mac OS X", "aarch64")).isNull();
  }

  @Test
  void aioSyscallNumbersPerArchitecture() {
    LinuxArch x86 = LinuxArch.forOsProperties("Linux", "amd64");
    LinuxArch arm = LinuxArch.forOsProperties("Linux", "aarch64");

    assertThat(x86.syscallNumber(Syscall.IO_SETUP)).isEqualTo(206);
    assertThat(x86.syscallNumber(Syscall.IO_DESTROY)).isEqualTo(207);
    assertThat(x86.syscallNumber(Syscall.IO_GETEVENTS)).isEqualTo(208);
    assertThat(x86.syscallNumber(Syscall.IO_SUBMIT)).isEqualTo(209);
    assertThat(x86.syscallNumber(Syscall.IO_CANCEL)).isEqualTo(210);
    assertThat(arm.syscallNumber(Syscall.IO_SETUP)).isEqualTo(0);
    assertThat(arm.syscallNumber(Syscall.IO_DESTROY)).isEqualTo(1);
    assertThat(arm.syscallNumber(Syscall.IO_SUBMIT)).isEqualTo(2);
    assertThat(arm.syscallNumber(Syscall.IO_CANCEL)).isEqualTo(3);
    assertThat(arm.syscallNumber(Syscall.IO_GETEVENTS)).isEqualTo(4);
  }

  @Test
  void syscallNumbersMatchTheCHeaders() throws Exception {
    CHeaders headers = CHeaders.of("#include <sys/syscall.h>\n");

    for (Syscall syscall : Syscall.values()) {
      assertThat(LinuxArch.current().syscallNumber(syscall))
          .as(syscall.kernelName())
          .isEqualTo(headers.value("SYS_" + syscall.kernelName()));
    }
  }

  @Test
  void openFlagsPerArchitecture() {
    LinuxArch x86 = LinuxArch.forOsProperties("Linux", "x86_64");
    LinuxArch arm = LinuxArch.forOsProperties("Linux", "arm64");

    assertThat(x86.oDirect()).isEqualTo(040000);
    assertThat(arm.oDirect()).isEqualTo(0200000);
    assertThat(x86.oDirectory()).isEqualTo(0200000);
    assertThat(arm.oDirectory()).isEqualTo(040000);
  }

  @Test
  void openFlagsMatchTheCHeaders() throws Exception {
    CHeaders headers = CHeaders.of("#define _GNU_SOURCE\n#include <fcntl.h>\n");

    assertThat(OpenFlags.O_RDONLY).isEqualTo(headers.value("O_RDONLY"));
    assertThat(OpenFlags.O_RDWR).isEqualTo(headers.value("O_RDWR"));
    assertThat(OpenFlags.O_CLOEXEC).isEqualTo(headers.value("O_CLOEXEC"));
    assertThat(OpenFlags.O_DIRECT).isEqualTo(headers.value("O_DIRECT"));
    assertThat(OpenFlags.O_NONBLOCK).isEqualTo(headers.value("O_NONBLOCK"));
    assertThat(OpenFlags.O_DIRECTORY).isEqualTo(headers.value("O_DIRECTORY"));
  }
}
