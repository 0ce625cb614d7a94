package io.github.pathcheck.nativeio.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pathcheck.fixtures.Privileges;
import io.github.pathcheck.fixtures.TargetTempDirFactory;
import io.github.pathcheck.nativeio.aio.PrintAioBinding;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JNI library is loaded only from a file no other user can write, whatever the process's umask and
 * {@code java.io.tmpdir}; where that cannot be had, the aio calls go through JNA.
 */
class BundledLibraryTest {
  @TempDir(factory = TargetTempDirFactory.class)
  Path dir;

  @Test
  void extractsIntoAPrivateDirectoryOwnerOnlyEvenUnderUmask000() throws Exception {
    Output child = runJava(List.of("/bin/sh", "-c", "umask 000 && exec \"$@\"", "sh"), List.of(),
        ExtractBundledLibrary.class, dir.toString());
    assertThat(child.status).as(child.text).isZero();
    Path file = Path.of(child.text.strip());
    Path privateDir = file.getParent();
    assertThat(mode(file)).as("the file's permissions").isEqualTo("rw-------");
    assertThat(privateDir.getParent()).as("a new directory in the one asked for").isEqualTo(dir);
    assertThat(mode(privateDir)).as("the directory's permissions").isEqualTo("rwx------");
    int uid = BundledLibrary.effectiveUid();
    assertThat(Files.getAttribute(privateDir, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(uid);
    assertThat(Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(uid);
    BundledLibrary.deleteQuietly(file);
    assertThat(privateDir).doesNotExist();
  }

  @Test
  void refusesAFileOrDirectoryOtherUsersCanWrite() throws Exception {
    Path file = BundledLibrary.extract(getClass(), "BundledLibraryTest.class", dir);
    try {
      BundledLibrary.requirePrivate(file);

      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));
      assertThatThrownBy(() -> BundledLibrary.requirePrivate(file))
          .isInstanceOf(BundledLibrary.UnsafeLocationError.class)
          .hasMessageContaining("refusing to load native code from " + file)
          .hasMessageContaining("writable by other users (rw-rw----)")
          .hasMessageContaining("java.io.tmpdir");

      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwx---rwx"));
      assertThatThrownBy(() -> BundledLibrary.requirePrivate(file))
          .isInstanceOf(BundledLibrary.UnsafeLocationError.class)
          .hasMessageContaining("refusing to load native code from " + file.getParent())
          .hasMessageContaining("writable by other users (rwx---rwx)");
      Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwx------"));

      if (Privileges.isRoot()) {
        Files.setAttribute(file, "unix:uid", 4242, LinkOption.NOFOLLOW_LINKS);
        assertThatThrownBy(() -> BundledLibrary.requirePrivate(file))
            .isInstanceOf(BundledLibrary.UnsafeLocationError.class)
            .hasMessageContaining("is owned by uid 4242, not by this process's uid 0");
      }
    } finally {
      BundledLibrary.deleteQuietly(file);
    }
  }

  @Test
  void refusesATemporaryDirectoryOthersCanReplaceInAndUsesJna() throws Exception {
    assumeJniLibrary();
    Path shared = Files.createDirectory(dir.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    Output child = runJava(List.of(), List.of("-Djava.io.tmpdir=" + shared), PrintAioBinding.class);
    assertThat(child.status).as(child.text).isZero();
    assertThat(child.text)
        .contains("refusing to load native code from " + shared + ": it is writable by other users"
            + " (rwxrwxrwx) and not sticky");
    assertThat(lastLine(child.text)).isEqualTo("jna");
    assertThat(shared).isEmptyDirectory();
  }

  @Test
  void loadsFromAPrivateCopyAndLeavesNothingBehind() throws Exception {
    assumeJniLibrary();
    Output child = runJava(List.of(), List.of("-Djava.io.tmpdir=" + dir), PrintAioBinding.class);
    assertThat(child.status).as(child.text).isZero();
    assertThat(lastLine(child.text)).isEqualTo("jni");
    assertThat(dir).isEmptyDirectory();
  }

  private static void assumeJniLibrary() {
    if (JniLibrary.class.getResource(JniLibrary.NAME) == null) {
      Privileges.assumePrivilege(false, "" + JniLibrary.NAME + ", which checker-native builds where /usr/bin/gcc exists"
              + " (and -Dpathcheck.jni.skip is not given); install gcc and build again");
    }
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines[lines.length - 1].strip();
  }

  private record Output(int status, String text) {}

  /** Runs {@code main} in a new JVM on this test's class path, behind {@code launcher}, with {@code jvmOptions}. */
  private static Output runJava(List<String> launcher, List<String> jvmOptions, Class<?> main, String... args)
      throws Exception {
    String classPath =
        String.join(
            File.pathSeparator,
            System.getProperty("java.class.path", ""),
            System.getProperty("jdk.module.path", ""));
    List<String> command = new ArrayList<>(launcher);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    Stream.of("-cp", classPath, main.getName()).forEach(command::add);
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Output(process.waitFor(), out);
  }
}
