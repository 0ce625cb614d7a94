package io.github.pathcheck.examples.cli;

import io.github.pathcheck.nativeio.LinuxPathDevice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The N descriptors a benchmark checks: one device opened N times, either the one given or a 1 MiB scratch
 * file of data (in {@code java.io.tmpdir}, whose file system must support {@code O_DIRECT}). {@link #close()}
 * closes every descriptor and removes the scratch file.
 */
final class BenchDevices implements AutoCloseable {
  private static final int SCRATCH_SIZE = 1024 * 1024;

  private final ScratchDisks scratch; // null when the device was given
  private final Path target;
  private final List<LinuxPathDevice> devices;

  private BenchDevices(ScratchDisks scratch, Path target, List<LinuxPathDevice> devices) {
    this.scratch = scratch;
    this.target = target;
    this.devices = devices;
  }

  /**
   * Opens {@code device}, or a new scratch file when it is null, {@code count} times. On failure nothing is
   * left open or on disk.
   */
  static BenchDevices open(Path device, int count) throws IOException {
    ScratchDisks scratch = null;
    List<LinuxPathDevice> devices = new ArrayList<>(count);
    try {
      Path target = device;
      if (target == null) {
        scratch = ScratchDisks.create(Path.of(System.getProperty("java.io.tmpdir")), "pathcheck-bench-");
        target = scratch.addFile("disk.img", ScratchDisks.pattern(SCRATCH_SIZE));
      }
      for (int i = 0; i < count; i++) {
        devices.add(LinuxPathDevice.open(target));
      }
      return new BenchDevices(scratch, target, Collections.unmodifiableList(devices));
    } catch (IOException | RuntimeException e) {
      closeAll(devices, scratch);
      throw e;
    }
  }

  /** Returns the device's path. */
  Path target() {
    return target;
  }

  /** Returns the open descriptors, one per checker. */
  List<LinuxPathDevice> devices() {
    return devices;
  }

  /** Closes every descriptor and removes the scratch file, if one was made. */
  @Override
  public void close() throws IOException {
    closeAll(devices, scratch);
  }

  private static void closeAll(List<LinuxPathDevice> devices, ScratchDisks scratch) throws IOException {
    for (LinuxPathDevice device : devices) {
      device.close();
    }
    if (scratch != null) {
      scratch.close();
    }
  }
}
