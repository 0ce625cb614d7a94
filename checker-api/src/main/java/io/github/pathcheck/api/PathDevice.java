package io.github.pathcheck.api;

import java.nio.file.Path;

/**
 * An open path to a storage device, as the host hands it to a checker: the device's file name and its open
 * file descriptor.
 *
 * <p><b>Ownership.</b> The host opens and closes the device; a checker never closes it. A checker may change
 * the descriptor's status flags (the directio checker sets {@code O_DIRECT}) and must restore them when it is
 * freed. The host keeps the device open for as long as a checker initialised on it is live.
 *
 * <p><b>Threading.</b> Implementations are safe to read from any thread.
 */
public interface PathDevice {

  /** Returns the device's file name, as the host opened it (for example {@code /dev/sdb}); never null. */
  Path path();

  /**
   * Returns the open file descriptor, or {@code -1} when the device has none (it was closed, or never
   * opened). A checker answers {@link PathState#WILD} with {@link CheckerMessages#NO_USABLE_FD} for such a
   * device.
   */
  int fd();
}
