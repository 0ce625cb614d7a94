package io.github.pathcheck.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pathcheck.fixtures.Privileges;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxPathDeviceTest {
  @TempDir Path dir;
  private Path file;

  @BeforeEach
  void createFile() throws Exception {
    file = Files.write(dir.resolve("disk.img"), new byte[4096]);
  }

  @AfterEach
  void noDescriptorLeft() throws Exception {
    assertThat(OpenFds.referringTo(dir)).as("descriptors still open on the test files").isEmpty();
  }

  @Test
  void opensReadOnlyCloseOnExecAndCloses() throws Exception {
    LinuxPathDevice device = LinuxPathDevice.open(file);
    int fd = device.fd();

    assertThat(device.path()).isEqualTo(file);
    assertThat(fd).isNotNegative();
    assertThat(OpenFds.target(fd)).isEqualTo(file.toRealPath());
    int flags = OpenFds.fdinfoFlags(fd);
    assertThat(flags & 3).as("access mode").isEqualTo(OpenFlags.O_RDONLY);
    assertThat(flags & OpenFlags.O_CLOEXEC).as("O_CLOEXEC").isNotZero();
    assertThat(device).hasToString("LinuxPathDevice{" + file + ", fd=" + fd + "}");

    device.close();

    assertThat(device.fd()).isEqualTo(-1);
    assertThat(OpenFds.target(fd)).as("/proc/self/fd/" + fd).satisfiesAnyOf(
        target -> assertThat(target).isNull(), target -> assertThat(target).isNotEqualTo(file.toRealPath()));
  }

  @Test
  void closeIsIdempotent() throws Exception {
    LinuxPathDevice device = LinuxPathDevice.open(file);
    device.close();
    device.close();

    assertThat(device.fd()).isEqualTo(-1);
  }

  @Test
  void concurrentClosesCloseOnce() throws Exception {
    LinuxPathDevice device = LinuxPathDevice.open(file);
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<?> first = threads.submit(() -> { start.await(); device.close(); return null; });
      Future<?> second = threads.submit(() -> { start.await(); device.close(); return null; });
      first.get(30, TimeUnit.SECONDS);
      second.get(30, TimeUnit.SECONDS);
    } finally {
      threads.shutdownNow();
    }

    assertThat(device.fd()).isEqualTo(-1);
  }

  @Test
  void missingPathNamesThePathAndErrno() {
    Path missing = dir.resolve("no-such-disk");

    assertThatThrownBy(() -> LinuxPathDevice.open(missing))
        .isInstanceOfSatisfying(
            NativeException.class,
            e -> {
              assertThat(e.errno()).isEqualTo(2);
              assertThat(e.errnoName()).isEqualTo("ENOENT");
              assertThat(e.call()).isEqualTo("open");
              assertThat(e.path()).contains(missing);
            })
        .hasMessage(
            "open(" + missing + ") failed: ENOENT (No such file or directory); check that the device exists");
  }

  @Test
  void directoryIsRefusedAndItsDescriptorClosed() {
    assertThatThrownBy(() -> LinuxPathDevice.open(dir))
        .isInstanceOfSatisfying(
            NativeException.class, e -> assertThat(e.errnoName()).isEqualTo("EISDIR"))
        .hasMessage(
            "open("
                + dir
                + ") failed: EISDIR (Is a directory); give a block device or a regular file, not a directory");
    // noDescriptorLeft() checks that the directory's descriptor was closed.
  }

  @Test
  void fifoIsRefusedWithoutWaitingForAWriter() throws Exception {
    Path fifo = dir.resolve("fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).as("mkfifo exit code").isZero();
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<Throwable> opened = thread.submit(() -> openFailure(fifo));
      Throwable failure;
      try {
        failure = opened.get(30, TimeUnit.SECONDS); // a hang guard, not a timing assertion
      } catch (TimeoutException e) {
        // Release the open blocked on the FIFO, so that the test fails instead of hanging.
        int writer = FileNative.open(fifo.toString(), 1 | OpenFlags.O_NONBLOCK | OpenFlags.O_CLOEXEC, 0);
        FileNative.close(writer);
        Object late = opened.get(30, TimeUnit.SECONDS);
        throw new AssertionError("open(" + fifo + ") blocked until a writer came, then gave " + late);
      }
      assertThat(failure)
          .isInstanceOfSatisfying(NativeException.class, e -> assertThat(e.errnoName()).isEqualTo("ENOTBLK"))
          .hasMessage(refusal(fifo, "a FIFO"));
    } finally {
      thread.shutdownNow();
    }
    // noDescriptorLeft() checks that no descriptor of the FIFO is left open.
  }

  @Test
  void characterDeviceIsRefused() throws Exception {
    Path devNull = Path.of("/dev/null");
    long before = OpenFds.referringTo(devNull).size();

    assertThatThrownBy(() -> LinuxPathDevice.open(devNull))
        .isInstanceOfSatisfying(NativeException.class, e -> assertThat(e.errnoName()).isEqualTo("ENOTBLK"))
        .hasMessage(refusal(devNull, "a character device"));
    assertThat(OpenFds.referringTo(devNull)).as("descriptors on /dev/null").hasSize((int) before);
  }

  @Test
  void socketIsRefused() throws Exception {
    Path socket = dir.resolve("socket");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));

      assertThatThrownBy(() -> LinuxPathDevice.open(socket))
          .isInstanceOfSatisfying(NativeException.class, e -> assertThat(e.errnoName()).isEqualTo("ENOTBLK"))
          .hasMessage(refusal(socket, "a socket"));
    }
  }

  @Test
  void symbolicLinkToARegularFileOpensItsTarget() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("link"), file);

    try (LinuxPathDevice device = LinuxPathDevice.open(link)) {
      assertThat(OpenFds.target(device.fd())).isEqualTo(file.toRealPath());
      assertThat(OpenFds.fdinfoFlags(device.fd()) & OpenFlags.O_NONBLOCK).as("O_NONBLOCK").isZero();
    }
  }

  private static Throwable openFailure(Path path) {
    try {
      LinuxPathDevice.open(path).close();
      return null;
    } catch (Throwable e) {
      return e;
    }
  }

  private static String refusal(Path path, String what) {
    return "open(" + path + ") failed: ENOTBLK (Block device required); it is " + what
        + ": give a block device, a regular file, or a SCSI generic or NVMe node";
  }

  /**
   * A SCSI generic node (here bsg's, whose major the kernel assigns at boot) is a storage path: it is not refused
   * for its type, whatever its driver then answers for a minor that has no device.
   */
  @Test
  void aScsiGenericNodeIsNotRefusedForItsType() throws Exception {
    Privileges.assumeRoot("mknod a bsg device node");
    String major =
        java.nio.file.Files.readAllLines(Path.of("/proc/devices")).stream()
            .map(String::trim)
            .filter(line -> line.endsWith(" bsg"))
            .map(line -> line.split("\\s+")[0])
            .findFirst()
            .orElseThrow(() -> new AssertionError("no bsg driver in /proc/devices"));
    Path node = dir.resolve("bsg-node");
    Process mknod = new ProcessBuilder("mknod", node.toString(), "c", major, "1048575").inheritIO().start();
    assertThat(mknod.waitFor()).as("mknod exit code").isZero();
    Throwable failure = openFailure(node);
    if (failure != null) {
      assertThat(failure)
          .isInstanceOfSatisfying(NativeException.class, e -> assertThat(e.errnoName()).isNotEqualTo("ENOTBLK"));
    }
  }

  @Test
  void unreadableFileFailsWithEacces() throws Exception {
    // Root may read any file, but sysfs refuses to open a write-only attribute for reading, even to root.
    Path writeOnly;
    try (Stream<Path> attributes = Files.list(Path.of("/sys/bus")).map(bus -> bus.resolve("uevent"))) {
      writeOnly = attributes.filter(Files::exists).findFirst().orElse(null);
    }
    if (writeOnly == null) {
      Privileges.assumePrivilege(false, "sysfs (/sys/bus/*/uevent) for a file nobody can read");
    }

    assertThatThrownBy(() -> LinuxPathDevice.open(writeOnly))
        .isInstanceOfSatisfying(NativeException.class, e -> assertThat(e.errnoName()).isEqualTo("EACCES"))
        .hasMessage(
            "open("
                + writeOnly
                + ") failed: EACCES (Permission denied); run as root or grant read access to "
                + writeOnly);
  }

  @Test
  void cleanupActionClosesAForgottenDescriptorOnce() throws Exception {
    int fd = FileNative.open(file.toString(), OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0);
    assertThat(fd).isNotNegative();
    LinuxPathDevice.FdCloser closer = new LinuxPathDevice.FdCloser(file, fd);

    closer.run(); // as the Cleaner would, with no close() by the owner: logs a warning
    closer.run();

    assertThat(closer.fd.get()).isEqualTo(-1);
    // noDescriptorLeft() checks that the descriptor is closed.
  }
}
