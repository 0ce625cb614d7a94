package io.github.pathcheck.nativeio;

import io.github.pathcheck.fixtures.Privileges;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The macros of this machine's C headers, read with {@code gcc -dM -E}; tests skip when there is no gcc. */
public final class CHeaders {
  private final Map<String, String> macros;

  private CHeaders(Map<String, String> macros) {
    this.macros = macros;
  }

  /** Preprocesses {@code source} (such as {@code "#include <fcntl.h>"}) and collects its object-like macros. */
  public static CHeaders of(String source) throws IOException, InterruptedException {
    Process gcc;
    try {
      gcc = new ProcessBuilder("gcc", "-dM", "-E", "-x", "c", "-").redirectErrorStream(true).start();
    } catch (IOException e) {
      Privileges.assumePrivilege(false, "gcc to read the C headers; install gcc to run this test (" + e.getMessage() + ")");
      throw new AssertionError(e);
    }
    try (OutputStream in = gcc.getOutputStream()) {
      in.write(source.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
      gcc.destroyForcibly();
      throw new IOException("gcc -dM -E failed:\n" + output);
    }
    Map<String, String> macros = new HashMap<>();
    for (String line : output.split("\n")) {
      String[] parts = line.split("\\s+", 3);
      if (parts.length == 3 && parts[0].equals("#define") && !parts[1].contains("(")) {
        macros.put(parts[1], parts[2].trim());
      }
    }
    return new CHeaders(macros);
  }

  public Map<String, String> macros() {
    return macros;
  }

  /** Returns the integer value of {@code name}, following macros that name other macros. */
  public long value(String name) {
    String value = macros.get(name);
    if (value == null) {
      throw new IllegalArgumentException(name + " is not defined");
    }
    while (value.startsWith("(") && value.endsWith(")")) {
      value = value.substring(1, value.length() - 1).trim();
    }
    if (macros.containsKey(value)) {
      return value(value);
    }
    return Long.decode(value.replaceAll("[uUlL]+$", ""));
  }
}
