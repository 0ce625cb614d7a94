package io.github.pathcheck.nativeio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.fixtures.Privileges;
import io.github.pathcheck.fixtures.TargetTempDirFactory;
import io.github.pathcheck.nativeio.platform.JniLibrary;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The libc calls through each binding, against the real kernel, on files in {@code target/}. */
class LibcCallsTest {
  @TempDir(factory = TargetTempDirFactory.class)
  Path dir;

  @AfterEach
  void nothingLeftOpen() throws Exception {
    assertThat(OpenFds.referringTo(dir)).isEmpty();
  }

  /** The binding Libc chose, and JNA's when that was JNI: both must behave the same. */
  static Stream<LibcCalls> bindings() {
    LibcCalls chosen = Libc.calls();
    return chosen instanceof JnaLibcCalls ? Stream.of(chosen) : Stream.of(chosen, new JnaLibcCalls());
  }

  @Test
  void usesTheJniLibraryWhereTheBuildHadGcc() {
    if (JniLibrary.class.getResource(JniLibrary.NAME) == null) {
      Privileges.assumePrivilege(false, "" + JniLibrary.NAME + ", which checker-native builds where /usr/bin/gcc exists"
              + " (and -Dpathcheck.jni.skip is not given); install gcc and build again");
    }
    assertThat(Libc.calls().name()).isEqualTo("jni");
  }

  @ParameterizedTest
  @MethodSource("bindings")
  void opensDescribesAndClosesAFile(LibcCalls libc) throws Exception {
    Path file = Files.write(dir.resolve("disk é.img"), new byte[12345]);
    int fd = libc.open(file.toString(), OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0);
    assertThat(fd).as("a name outside ASCII reaches the kernel as the file system's bytes").isNotNegative();
    try {
      assertThat(OpenFds.target(fd)).isEqualTo(file);
      long[] fields = new long[LibcCalls.STATX_FIELDS];
      assertThat(libc.statx(fd, fields)).isZero();
      assertThat(fields[LibcCalls.STATX_SIZE]).isEqualTo(12345);
      assertThat(fields[LibcCalls.STATX_MODE])
          .isEqualTo(((Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS)).longValue());
      assertThat(fields[LibcCalls.STATX_INO]).isEqualTo(Files.getAttribute(file, "unix:ino"));
      assertThat(fields[LibcCalls.STATX_RDEV_MAJOR]).isZero();
      int flags = libc.fcntl(fd, 3 /* F_GETFL */, 0);
      assertThat(flags & 3).as("O_ACCMODE").isEqualTo(OpenFlags.O_RDONLY);
      assertThat(libc.blockSize(fd)).as("not a block device: ENOTTY").isEqualTo(-Errno.ENOTTY);
      assertThat(libc.blockDeviceSize(fd)).isEqualTo(-Errno.ENOTTY);
    } finally {
      assertThat(libc.close(fd)).isZero();
    }
    assertThat(libc.close(fd)).as("closed already").isEqualTo(-Errno.EBADF);
    assertThat(libc.fcntl(fd, 3, 0)).isEqualTo(-Errno.EBADF);
    assertThat(libc.statx(fd, new long[LibcCalls.STATX_FIELDS])).isEqualTo(-Errno.EBADF);
  }

  @ParameterizedTest
  @MethodSource("bindings")
  void failuresAreNegativeErrnos(LibcCalls libc) {
    assertThat(libc.open(dir.resolve("missing").toString(), OpenFlags.O_RDONLY, 0)).isEqualTo(-Errno.ENOENT);
    assertThat(libc.open("x".repeat(5000), OpenFlags.O_RDONLY, 0)).isEqualTo(-36 /* ENAMETOOLONG */);
    assertThat(libc.mapAnonymous(-1)).as("no such length").isEqualTo(-Errno.ENOMEM);
    assertThat(libc.munmap(4097, 4096)).as("not page-aligned").isEqualTo(-Errno.EINVAL);
  }

  @ParameterizedTest
  @MethodSource("bindings")
  void mapsZeroedMemoryAViewReadsAndWrites(LibcCalls libc) {
    long address = libc.mapAnonymous(10000);
    assertThat(address).isPositive();
    assertThat(address % 4096).isZero();
    try {
      ByteBuffer view = libc.view(address, 10000);
      assertThat(view.isDirect()).isTrue();
      assertThat(view.capacity()).isEqualTo(10000);
      assertThat(view.getLong(9992)).as("zero-filled").isZero();
      view.putInt(100, 0x01020304);
      assertThat(libc.view(address + 100, 4).getInt(0)).as("the same memory").isEqualTo(0x01020304);
    } finally {
      assertThat(libc.munmap(address, 10000)).isZero();
    }
  }
}
