package io.github.pathcheck.nativeio.aio;

/**
 * Prints the binding {@link LinuxAio} chose ({@code jni} or {@code jna}): run in a JVM of its own by the tests,
 * with the system properties they choose.
 */
public final class PrintAioBinding {
  private PrintAioBinding() {}

  public static void main(String[] args) {
    System.out.println(LinuxAio.calls().name());
  }
}
