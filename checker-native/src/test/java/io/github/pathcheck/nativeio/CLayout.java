package io.github.pathcheck.nativeio;

import io.github.pathcheck.fixtures.Privileges;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Struct layouts as this machine's C compiler sees them: compiles and runs a small program that prints {@code
 * name value} lines (offsets and sizes); tests skip when there is no gcc.
 */
final class CLayout {
  private CLayout() {}

  /**
   * Compiles {@code includes} plus a {@code main} whose body is {@code body} (which prints with {@code
   * printf("name %zu\n", ...)}) in {@code dir}, runs it, and returns the printed values.
   */
  static Map<String, Long> print(Path dir, String includes, String body)
      throws IOException, InterruptedException {
    Path source = dir.resolve("layout.c");
    Path binary = dir.resolve("layout");
    Files.writeString(
        source,
        includes + "\n#include <stdio.h>\n#include <stddef.h>\nint main(void) {\n" + body + "\nreturn 0;\n}\n");
    Process gcc;
    try {
      gcc =
          new ProcessBuilder("gcc", "-o", binary.toString(), source.toString())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      Privileges.assumePrivilege(false, "gcc to compare struct layouts with the C headers; install gcc (" + e.getMessage() + ")");
      throw new AssertionError(e);
    }
    String compilerOutput = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!gcc.waitFor(120, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
      gcc.destroyForcibly();
      throw new IOException("gcc failed:\n" + compilerOutput);
    }
    Process run = new ProcessBuilder(binary.toString()).redirectErrorStream(true).start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!run.waitFor(60, TimeUnit.SECONDS) || run.exitValue() != 0) {
      run.destroyForcibly();
      throw new IOException("the layout program failed:\n" + output);
    }
    Map<String, Long> values = new HashMap<>();
    for (String line : output.split("\n")) {
      String[] parts = line.trim().split(" ");
      if (parts.length == 2) {
        values.put(parts[0], Long.parseLong(parts[1]));
      }
    }
    return values;
  }
}
