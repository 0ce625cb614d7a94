package io.github.pathcheck.agent;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One kernel uevent: {@code ACTION@DEVPATH} and its {@code KEY=VALUE} properties ({@code ACTION}, {@code
 * DEVPATH}, {@code SUBSYSTEM}, {@code DEVNAME}, {@code DEVTYPE}, ...), as the kernel sends them on its netlink
 * group. Immutable.
 *
 * @param action {@code add}, {@code remove}, {@code change}, {@code bind}, ...
 * @param devpath the device's path under {@code /sys}
 * @param properties every property, in the order sent
 */
record Uevent(String action, String devpath, Map<String, String> properties) {
  Uevent {
    properties = Map.copyOf(properties);
  }

  /** Returns a property's value, if the event has it. */
  Optional<String> property(String key) {
    return Optional.ofNullable(properties.get(key));
  }

  /** Returns whether this is a whole disk's event ({@code SUBSYSTEM=block}, {@code DEVTYPE=disk}) with a name. */
  boolean isDisk() {
    return "block".equals(properties.get("SUBSYSTEM")) && "disk".equals(properties.get("DEVTYPE"))
        && properties.containsKey("DEVNAME");
  }

  /** Returns whether this is an NVMe controller's event ({@code SUBSYSTEM=nvme}, {@code nvme1}) with a name. */
  boolean isNvmeController() {
    return "nvme".equals(properties.get("SUBSYSTEM")) && properties.containsKey("DEVNAME");
  }

  /**
   * Parses a kernel message: a header {@code ACTION@DEVPATH}, then {@code KEY=VALUE} strings, each ended by a
   * NUL. Returns empty for anything else (udev's messages, which start {@code libudev}, or a truncated header).
   */
  static Optional<Uevent> parse(byte[] message) {
    int end = indexOfNul(message, 0);
    String header = new String(message, 0, end, StandardCharsets.UTF_8);
    int at = header.indexOf('@');
    if (at <= 0 || at == header.length() - 1) {
      return Optional.empty();
    }
    Map<String, String> properties = new LinkedHashMap<>();
    for (int start = end + 1; start < message.length; ) {
      int stop = indexOfNul(message, start);
      String pair = new String(message, start, stop - start, StandardCharsets.UTF_8);
      int equals = pair.indexOf('=');
      if (equals > 0) {
        properties.putIfAbsent(pair.substring(0, equals), pair.substring(equals + 1));
      }
      start = stop + 1;
    }
    return Optional.of(new Uevent(header.substring(0, at), header.substring(at + 1), properties));
  }

  private static int indexOfNul(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        return i;
      }
    }
    return bytes.length;
  }
}
