package io.github.pathcheck.nativeio.uring;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What this machine's C headers say: compiles and runs a program that prints {@code name value} lines; tests
 * skip without gcc, and fail instead when {@code PATHCHECK_REQUIRE_PRIVILEGED_TESTS=1}.
 */
final class CProgram {
  private CProgram() {}

  static Map<String, Long> print(Path dir, String includes, String body) throws IOException, InterruptedException {
    Path source = dir.resolve("values.c");
    Path binary = dir.resolve("values");
    Files.writeString(
        source,
        includes + "\n#include <stdio.h>\n#include <stddef.h>\nint main(void) {\n" + body + "\nreturn 0;\n}\n");
    Process gcc;
    try {
      gcc = new ProcessBuilder("gcc", "-o", binary.toString(), source.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      String message = "needs gcc to compare with the C headers; install gcc (" + e.getMessage() + ")";
      if ("1".equals(System.getenv("PATHCHECK_REQUIRE_PRIVILEGED_TESTS"))) {
        fail(message + " (PATHCHECK_REQUIRE_PRIVILEGED_TESTS=1 forbids skipping)");
      }
      abort(message);
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
      throw new IOException("the program failed:\n" + output);
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
