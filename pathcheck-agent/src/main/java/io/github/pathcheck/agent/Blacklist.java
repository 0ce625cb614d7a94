package io.github.pathcheck.agent;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code blacklist} or {@code blacklist_exceptions} section: regular expressions on the device node's name
 * ({@code sda}, {@code nvme0n1}), on the WWID, and vendor/product pairs.
 */
record Blacklist(List<Pattern> devnodes, List<Pattern> wwids, List<DeviceMatch> devices) {
  static final Blacklist EMPTY = new Blacklist(List.of(), List.of(), List.of());

  /** Returns whether any of the entries matches the path. */
  boolean matches(PathInfo path) {
    String name = path.devnode().getFileName().toString();
    for (Pattern devnode : devnodes) {
      if (devnode.matcher(name).find()) {
        return true;
      }
    }
    if (path.wwid().isPresent()) {
      for (Pattern wwid : wwids) {
        if (wwid.matcher(path.wwid().get()).find()) {
          return true;
        }
      }
    }
    for (DeviceMatch device : devices) {
      if (device.matches(path)) {
        return true;
      }
    }
    return false;
  }
}
