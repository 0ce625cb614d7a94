package io.github.pathcheck.agent;

import java.time.Duration;

/**
 * A path the agent watches: what it knows of it, the device it opened, the checker and its timeout.
 *
 * @param info the path and its sysfs attributes
 * @param device the open device, under the name the path is watched by; the agent closes it
 * @param checker the checker's name
 * @param timeout the checker timeout
 */
record WatchedPath(PathInfo info, WatchedDevice device, String checker, Duration timeout) {}
