package io.github.pathcheck.agent;

import io.github.pathcheck.nativeio.LinuxPathDevice;
import java.time.Duration;

/**
 * A path the agent watches: what it knows of it, the device it opened, the checker and its timeout.
 *
 * @param info the path and its sysfs attributes
 * @param device the open device, which the agent closes
 * @param checker the checker's name
 * @param timeout the checker timeout
 */
record WatchedPath(PathInfo info, LinuxPathDevice device, String checker, Duration timeout) {}
