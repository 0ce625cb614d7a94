package io.github.pathcheck.testkit;

import java.nio.file.Path;

/**
 * A JVM that attaches a loop device over the file given, prints the device and waits until its standard input
 * ends, or until it is killed: {@link LoopDeviceTest} kills it.
 */
public final class LoopDeviceHolder {
  private LoopDeviceHolder() {}

  /** Attaches a loop device over {@code args[0]}, prints it, and holds it while standard input is open. */
  public static void main(String[] args) throws Exception {
    try (LoopDevice loop = LoopDevice.attach(Path.of(args[0]))) {
      System.out.println(loop.path());
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the device until killed or the input ends
      }
    }
  }
}
