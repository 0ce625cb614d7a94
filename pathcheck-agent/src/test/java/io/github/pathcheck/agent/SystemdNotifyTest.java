package io.github.pathcheck.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.testkit.PrivilegedTests;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifications reach a unix datagram socket as systemd's would receive them; the socket is bound by a
 * python3 process, since Java 17 cannot receive unix datagrams either.
 */
class SystemdNotifyTest {
  private static final String RECEIVER = """
      import socket, sys
      s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
      s.bind(sys.argv[1])
      print("bound", flush=True)
      for _ in range(int(sys.argv[2])):
          print(s.recv(4096).decode().replace("\\n", " "), flush=True)
      """;

  @TempDir Path dir;

  @Test
  void sendsReadyWatchdogReloadingAndStoppingToTheNotifySocket() throws Exception {
    PrivilegedTests.assumePrivilege(Files.isExecutable(Path.of("/usr/bin/systemd-notify")),
        "systemd's systemd-notify (Debian's package systemd)");
    Path socket = dir.resolve("notify");
    Process receiver = new ProcessBuilder("python3", "-c", RECEIVER, socket.toString(), "4")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(receiver.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(lines.readLine()).isEqualTo("bound");
      SystemdNotify notify = SystemdNotify.fromEnvironment(
          Map.of("NOTIFY_SOCKET", socket.toString(), "WATCHDOG_USEC", "10000000"), "systemd-notify").orElseThrow();

      notify.ready("watching 2 paths");
      notify.watchdog();
      notify.reloading();
      notify.stopping();

      List<String> received = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        received.add(lines.readLine());
      }
      assertThat(received.get(0)).contains("READY=1").contains("STATUS=watching 2 paths");
      assertThat(received.get(1)).contains("WATCHDOG=1");
      assertThat(received.get(2)).contains("RELOADING=1");
      assertThat(received.get(3)).contains("STOPPING=1");
      assertThat(received).allSatisfy(m -> assertThat(m).contains("MAINPID=" + ProcessHandle.current().pid()));
      assertThat(notify.watchdogInterval()).contains(Duration.ofSeconds(5));
    } finally {
      receiver.destroy();
      receiver.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void withoutNotifySocketThereIsNoSystemd() {
    assertThat(SystemdNotify.fromEnvironment(Map.of("WATCHDOG_USEC", "1000"), "systemd-notify")).isEmpty();
  }

  @Test
  void aWatchdogForAnotherProcessIsNotOurs() {
    SystemdNotify notify = SystemdNotify.fromEnvironment(
        Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "WATCHDOG_USEC", "1000", "WATCHDOG_PID", "1"),
        "systemd-notify").orElseThrow();

    assertThat(notify.watchdogInterval()).isEmpty();
  }
}
