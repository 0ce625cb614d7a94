package io.github.pathcheck.nativeio.aio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pathcheck.fixtures.Privileges;
import io.github.pathcheck.fixtures.TargetTempDirFactory;
import io.github.pathcheck.nativeio.AioUsage;
import io.github.pathcheck.nativeio.AnonymousMemory;
import io.github.pathcheck.nativeio.FileStatusFlags;
import io.github.pathcheck.nativeio.LinuxPathDevice;
import io.github.pathcheck.nativeio.NativeBinding;
import io.github.pathcheck.nativeio.OpenFds;
import io.github.pathcheck.nativeio.OpenFlags;
import io.github.pathcheck.nativeio.platform.JniLibrary;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The aio system calls against the real kernel, on an {@code O_DIRECT} file in {@code target/}. */
class LinuxAioTest {
  private static final long FIVE_SECONDS = 5_000_000_000L;

  @TempDir(factory = TargetTempDirFactory.class)
  Path dir;

  private long aioNrBefore;

  @BeforeEach
  void readAioNr() throws Exception {
    aioNrBefore = AioUsage.aioNr();
  }

  @AfterEach
  void nothingLeft() throws Exception {
    assertThat(AioUsage.aioNr()).as("fs.aio-nr").isEqualTo(aioNrBefore);
    assertThat(OpenFds.referringTo(dir)).isEmpty();
  }

  /** The binding LinuxAio chose, and JNA's when that was JNI: both must behave the same. */
  static Stream<AioCalls> bindings() {
    AioCalls chosen = LinuxAio.calls();
    return chosen instanceof JnaAioCalls ? Stream.of(chosen) : Stream.of(chosen, new JnaAioCalls());
  }

  @Test
  void usesTheJniLibraryWhereTheBuildHadGcc() throws Exception {
    if (JniLibrary.class.getResource(JniLibrary.NAME) == null) {
      Privileges.assumePrivilege(false, "" + JniLibrary.NAME + ", which checker-native builds where /usr/bin/gcc exists"
              + " (and -Dpathcheck.jni.skip is not given); install gcc and build again");
    }
    assertThat(LinuxAio.calls().name()).isEqualTo("jni");
    assertThat(Files.readAllLines(Path.of("/proc/self/maps")))
        .filteredOn(mapping -> mapping.contains(JniLibrary.NAME))
        .as("the library is mapped from its temporary copy, deleted once loaded")
        .isNotEmpty()
        .allMatch(mapping -> mapping.endsWith("(deleted)"));
  }

  @Test
  void theBindingPropertyForcesJna() throws Exception {
    String classPath =
        String.join(
            File.pathSeparator,
            System.getProperty("java.class.path", ""),
            System.getProperty("jdk.module.path", ""));
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + NativeBinding.PROPERTY + "=jna",
                "-cp",
                classPath,
                PrintAioBinding.class.getName())
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
    assertThat(out.strip()).isEqualTo("jna");
  }

  @ParameterizedTest
  @MethodSource("bindings")
  void readsOneBlockWithODirectAndReapsItByAioData(AioCalls aio) throws Exception {
    byte[] content = new byte[8192];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 7 + 3);
    }
    Path file = Files.write(dir.resolve("disk.img"), content);
    // Layout: buffer [0, 4096), iocb at 4096, iocb pointer at 4160, event at 4168, timespec at 4200,
    // context id at 4216, cancel result at 4224.
    try (LinuxPathDevice device = LinuxPathDevice.open(file);
        AnonymousMemory memory = AnonymousMemory.map(8192)) {
      assertThat(memory.address() % 4096).isZero();
      FileStatusFlags.set(device, FileStatusFlags.get(device) | OpenFlags.O_DIRECT);
      assertThat(aio.ioSetup(8, memory.address() + 4216)).isZero();
      long ctx = memory.getLong(4216);
      assertThat(ctx).isNotZero();
      try {
        IoControlBlock.prepareRead(
            memory, 4096, device.fd(), memory.address(), 4096, 4096, 0x1234_5678_9abcL);
        memory.putLong(4160, memory.address() + 4096);
        assertThat(aio.ioSubmit(ctx, 1, memory.address() + 4160)).isEqualTo(1);
        Timespec.write(memory, 4200, FIVE_SECONDS);
        int reaped = aio.ioGetevents(ctx, 1, 1, memory.address() + 4168, memory.address() + 4200);
        assertThat(reaped).isEqualTo(1);
        assertThat(IoEvent.data(memory, 4168)).isEqualTo(0x1234_5678_9abcL);
        assertThat(IoEvent.result(memory, 4168)).isEqualTo(4096);
        assertThat(memory.getBytes(0, 4096)).isEqualTo(Arrays.copyOfRange(content, 4096, 8192));

        Timespec.write(memory, 4200, 0);
        assertThat(aio.ioGetevents(ctx, 1, 1, memory.address() + 4168, memory.address() + 4200))
            .as("nothing more to reap, and a zero timeout does not wait")
            .isZero();
        assertThat(aio.ioCancel(ctx, memory.address() + 4096, memory.address() + 4224))
            .as("a completed read cannot be cancelled")
            .isNegative();

        IoControlBlock.prepareRead(memory, 4096, device.fd(), memory.address(), 4096, 4096, 0x42L);
        assertThat(aio.ioSubmit(ctx, 1, memory.address() + 4160))
            .as("the same iocb rewritten and submitted again")
            .isEqualTo(1);
        Timespec.write(memory, 4200, FIVE_SECONDS);
        assertThat(aio.ioGetevents(ctx, 1, 1, memory.address() + 4168, memory.address() + 4200))
            .isEqualTo(1);
        assertThat(IoEvent.data(memory, 4168)).isEqualTo(0x42L);
        assertThat(IoEvent.result(memory, 4168)).as("the same read again").isEqualTo(4096);
      } finally {
        assertThat(aio.ioDestroy(ctx)).isZero();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("bindings")
  void errorsAreNegativeErrnos(AioCalls aio) throws Exception {
    long maxNr = AioUsage.aioMaxNr();
    try (AnonymousMemory memory = AnonymousMemory.map(4096)) {
      assertThat(aio.ioSetup((int) Math.min(Integer.MAX_VALUE, maxNr + 1), memory.address()))
          .as("more events than fs.aio-max-nr: EAGAIN")
          .isEqualTo(-11);
      assertThat(aio.ioDestroy(0x7777)).as("no such context: EINVAL").isEqualTo(-22);
      assertThat(aio.ioSubmit(0x7777, 1, memory.address())).isEqualTo(-22);
    }
  }

  @Test
  void memoryIsBoundsCheckedAndClosedOnce() throws Exception {
    AnonymousMemory memory = AnonymousMemory.map(100);
    memory.putLong(92, -1L);
    assertThat(memory.getLong(92)).isEqualTo(-1L);
    assertThat(memory.getInt(0)).as("zero-filled").isZero();
    assertThatThrownBy(() -> memory.putLong(93, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> memory.getInt(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Timespec.write(memory, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    memory.close();
    memory.close();
    assertThat(memory.isClosed()).isTrue();
    assertThatThrownBy(() -> memory.getLong(0)).isInstanceOf(IllegalStateException.class);
  }
}
