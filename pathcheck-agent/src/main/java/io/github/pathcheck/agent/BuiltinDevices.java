package io.github.pathcheck.agent;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The checkers multipath-tools' hardware table gives some arrays instead of its default ({@code tur}): the
 * facts for the arrays listed, in entries of our own. A {@code device} entry of the configuration overrides
 * them.
 */
final class BuiltinDevices {
  /** The entries, the most specific last: a later matching entry wins. */
  static final List<DeviceEntry> ENTRIES =
      List.of(
          entry("^NVME$", ".*", "none"), // NVMe namespaces: multipath checks them with no checker
          entry("^DGC$", ".*", "emc_clariion"), // Dell EMC CLARiiON / VNX
          entry("^(NETAPP|LSI|ENGENIO)$", "INF-01-00", "rdac"), // NetApp E-Series and its Engenio ancestors
          entry("^DELL$", "^MD3", "rdac"), // Dell PowerVault MD3000 family
          entry("^SGI$", "^TP9[3457]00", "rdac"),
          entry("^(COMPAQ|HP)$", "^MSA1000 VOLUME$", "hp_sw"), // active/passive HP arrays
          entry("^IBM$", "^1722-600", "rdac")); // IBM DS4300 family

  private BuiltinDevices() {}

  private static DeviceEntry entry(String vendor, String product, String checker) {
    return new DeviceEntry(
        new DeviceMatch(Optional.of(Pattern.compile(vendor)), Optional.of(Pattern.compile(product))),
        Optional.of(checker));
  }
}
