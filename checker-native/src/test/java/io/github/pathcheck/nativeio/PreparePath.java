package io.github.pathcheck.nativeio;

import io.github.pathcheck.nativeio.aio.LinuxAio;
import java.nio.file.Path;

/**
 * Does what a host and directio do to open a path and check it once, through the public facades: open the file
 * {@code args[0]}, describe it, set and restore {@code O_DIRECT}, ask its block size, map and unmap memory, make
 * and destroy an aio context. Run in a JVM of its own by {@link JnaOffTheStartUpPathTest}, which reads what it
 * loaded.
 */
final class PreparePath {
  private PreparePath() {}

  public static void main(String[] args) throws Exception {
    try (LinuxPathDevice device = LinuxPathDevice.open(Path.of(args[0]));
        AnonymousMemory memory = AnonymousMemory.map(8192)) {
      FileStat.of(device);
      int flags = FileStatusFlags.get(device);
      FileStatusFlags.set(device, flags | OpenFlags.O_DIRECT);
      FileStatusFlags.set(device, flags);
      try {
        BlockDevices.blockSize(device);
      } catch (NativeException e) {
        // a regular file: ENOTTY, as directio expects
      }
      memory.putLong(4096, 0);
      if (LinuxAio.ioSetup(8, memory.address() + 4096) != 0 || LinuxAio.ioDestroy(memory.getLong(4096)) != 0) {
        throw new IllegalStateException("io_setup or io_destroy failed");
      }
    }
    System.out.println(NativeBinding.current());
  }
}
