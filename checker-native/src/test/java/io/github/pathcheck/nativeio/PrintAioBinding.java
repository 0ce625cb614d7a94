package io.github.pathcheck.nativeio;

/** Prints {@link LinuxAio#binding()}: run in a JVM of its own by {@link LinuxAioTest}, with a system property. */
final class PrintAioBinding {
  private PrintAioBinding() {}

  public static void main(String[] args) {
    System.out.println(LinuxAio.binding());
  }
}
