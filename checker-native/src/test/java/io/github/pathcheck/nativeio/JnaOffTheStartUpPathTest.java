package io.github.pathcheck.nativeio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pathcheck.fixtures.Privileges;
import io.github.pathcheck.fixtures.TargetTempDirFactory;
import io.github.pathcheck.nativeio.platform.JniLibrary;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a path and preparing it for directio loads no JNA where the JNI library is built: JNA's first use
 * extracts a library and runs {@code ldconfig -p} in a subprocess, which would cost every short command. Each
 * case runs {@link PreparePath} in a JVM of its own and reads the JVM's class-loading log.
 */
class JnaOffTheStartUpPathTest {
  @TempDir(factory = TargetTempDirFactory.class)
  Path dir;

  @Test
  void preparingAPathLoadsNoJnaAndStartsNoProcess() throws Exception {
    if (JniLibrary.class.getResource(JniLibrary.NAME) == null) {
      Privileges.assumePrivilege(false, "" + JniLibrary.NAME + ", which checker-native builds where /usr/bin/gcc exists"
              + " (and -Dpathcheck.jni.skip is not given); install gcc and build again");
    }
    List<String> classes = loadedBy(List.of());
    assertThat(classes).as("the binding it printed").anyMatch(line -> line.equals("jni"));
    assertThat(classes).noneMatch(line -> line.contains(" com.sun.jna."));
    assertThat(classes).noneMatch(line -> line.contains(" java.lang.ProcessImpl "));
  }

  @Test
  void theJnaBindingLoadsJnaAsTheLogShows() throws Exception {
    List<String> classes = loadedBy(List.of("-D" + NativeBinding.PROPERTY + "=jna"));
    assertThat(classes).anyMatch(line -> line.equals("jna"));
    assertThat(classes).anyMatch(line -> line.contains(" com.sun.jna.Native "));
  }

  /** Runs {@link PreparePath} with {@code options}; returns its class-loading log, then what it printed. */
  private List<String> loadedBy(List<String> options) throws Exception {
    Path file = Files.write(dir.resolve("disk.img"), new byte[8192]);
    Path log = dir.resolve("classes.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options);
    command.add("-Xlog:class+load:file=" + log);
    command.add("-cp");
    command.add(String.join(File.pathSeparator,
        System.getProperty("java.class.path", ""), System.getProperty("jdk.module.path", "")));
    command.add(PreparePath.class.getName());
    command.add(file.toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    List<String> lines = new ArrayList<>(Files.readAllLines(log));
    lines.addAll(out.lines().toList());
    return lines;
  }
}
