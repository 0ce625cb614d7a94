package io.github.pathcheck.nativeio;

import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Compiles and runs a small C program with this machine's gcc and headers; tests skip when there is no gcc.
 * The program prints {@code name value} lines, which {@link #run} returns as a map.
 */
final class CProgram {
  private CProgram() {}

  static Map<String, Long> run(Path dir, String source) throws IOException, InterruptedException {
    Path c = Files.writeString(dir.resolve("probe.c"), source);
    Path binary = dir.resolve("probe");
    try {
      exec("gcc", "-Wall", "-o", binary.toString(), c.toString());
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("Cannot run program")) {
        abort("needs gcc to compile a C probe against the kernel headers; install gcc to run this test");
      }
      throw e;
    }
    Map<String, Long> values = new LinkedHashMap<>();
    for (String line : exec(binary.toString()).split("\n")) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length == 2) {
        values.put(parts[0], Long.parseLong(parts[1]));
      }
    }
    return values;
  }

  private static String exec(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " failed:\n" + output);
    }
    return output;
  }
}
