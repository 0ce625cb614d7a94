package io.github.pathcheck.testkit;

import io.github.pathcheck.api.PathDevice;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A device opened for a test, together with everything that was set up to make it (a scratch file, a loop
 * device, the open descriptor), released by {@link #close()}.
 *
 * <p>{@link CheckerContractKit#newDevice(Path)} returns one per checker; the kit closes it after the checker is
 * freed. {@link #of} assembles one from parts.
 *
 * <p><b>Threading.</b> {@link #path()} and {@link #fd()} are safe from any thread; {@code close()} is called
 * once, by the owner.
 */
public interface TestDevice extends PathDevice, Closeable {

  /** Releases the device and what was set up for it, in the reverse order it was set up. */
  @Override
  void close() throws IOException;

  /**
   * Returns a test device that answers {@code device}'s path and descriptor and, on close, closes {@code
   * resources} from last to first (open them in the order device file, loop device, descriptor; the last one
   * closes first). Every resource is closed even if one fails; the first failure is thrown with the others
   * suppressed.
   */
  static TestDevice of(PathDevice device, Closeable... resources) {
    Objects.requireNonNull(device, "device");
    List<Closeable> owned = List.of(resources);
    return new TestDevice() {
      @Override
      public Path path() {
        return device.path();
      }

      @Override
      public int fd() {
        return device.fd();
      }

      @Override
      public void close() throws IOException {
        Closing.inReverse(owned, IOException.class);
      }

      @Override
      public String toString() {
        return "TestDevice{" + device.path() + ", fd " + device.fd() + "}";
      }
    };
  }
}
