package io.github.pathcheck.nativeio;

import java.nio.file.Path;

/**
 * Attaches a loop device over the file {@code args[0]}, prints its path and holds it until standard input
 * ends, or until it is killed: {@link LoopDeviceTest} kills it.
 */
public final class LoopDeviceHolder {
  private LoopDeviceHolder() {}

  public static void main(String[] args) throws Exception {
    try (LoopDevice loop = LoopDevice.attach(Path.of(args[0]))) {
      System.out.println(loop.path());
      System.out.flush();
      System.in.read();
    }
  }
}
