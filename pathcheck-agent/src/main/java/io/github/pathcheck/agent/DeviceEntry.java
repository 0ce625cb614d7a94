package io.github.pathcheck.agent;

import java.util.Optional;

/**
 * A {@code device} entry: which paths it applies to and the checker they take.
 *
 * @param match the vendor and product the entry applies to
 * @param pathChecker the checker's name, if the entry sets one
 */
record DeviceEntry(DeviceMatch match, Optional<String> pathChecker) {}
