package io.github.pathcheck.examples.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --device} option of the bench commands that open one device N times, and that opening. */
final class BenchDeviceOption {

  @Option(
      names = "--device",
      paramLabel = "PATH",
      description = "The device to open N times (default: a 1 MiB scratch file, deleted afterwards).")
  Path device;

  /** Opens {@code count} descriptors of the device, or of a new scratch file: see {@link BenchDevices}. */
  BenchDevices open(int count) throws IOException {
    return BenchDevices.open(device, count);
  }
}
