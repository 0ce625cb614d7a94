package io.github.pathcheck.loader;

import io.github.pathcheck.api.CheckerProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the SPI version a plugin was built against from its jars' manifests ({@link
 * CheckerProvider#SPI_VERSION_ATTRIBUTE}) and decides whether this host can load it: the same major version,
 * and a minor version no newer than the host's.
 */
final class SpiVersions {
  private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)");

  private SpiVersions() {}

  /**
   * Returns the SPI version of the plugin made of {@code jars}: the attribute of the jars that hold {@code
   * serviceFile}, or of any jar when none does (discovery then reports it as no plugin).
   *
   * @throws IncompatiblePluginException if no such jar has the attribute, jars disagree, or the version is not
   *     one this host loads; the message names the plugin, both versions and the fix
   */
  static String ofPlugin(Path origin, List<Path> jars, String serviceFile)
      throws IncompatiblePluginException {
    String found = null;
    boolean anyService = false;
    for (Path jar : jars) {
      try (JarFile file = new JarFile(jar.toFile())) {
        boolean service = file.getEntry(serviceFile) != null;
        anyService |= service;
        Manifest manifest = file.getManifest();
        String version =
            manifest == null
                ? null
                : manifest.getMainAttributes().getValue(new Attributes.Name(CheckerProvider.SPI_VERSION_ATTRIBUTE));
        if (version != null && service) {
          if (found != null && !found.equals(version.trim())) {
            throw new IncompatiblePluginException(
                "plugin " + origin + " is skipped: its jars name two SPI versions, " + found + " and " + version
                    + "; rebuild it against one checker-api");
          }
          found = version.trim();
        }
      } catch (IOException e) {
        throw new IncompatiblePluginException(
            "plugin " + origin + " is skipped: cannot read " + jar + " as a jar: " + e.getMessage());
      }
    }
    if (!anyService) {
      return CheckerProvider.SPI_VERSION; // no plugin at all: discovery says so
    }
    if (found == null) {
      throw new IncompatiblePluginException(
          "plugin "
              + origin
              + " is skipped: its manifest has no "
              + CheckerProvider.SPI_VERSION_ATTRIBUTE
              + "; this host has SPI "
              + CheckerProvider.SPI_VERSION
              + "; rebuild the plugin against checker-api "
              + CheckerProvider.SPI_VERSION
              + " with the manifest entry its build writes (see the README's plugin guide)");
    }
    if (!isCompatible(found, CheckerProvider.SPI_VERSION)) {
      throw new IncompatiblePluginException(
          "plugin "
              + origin
              + " is skipped: it is built for SPI "
              + found
              + ", this host has SPI "
              + CheckerProvider.SPI_VERSION
              + "; use a build of the plugin for SPI "
              + major(CheckerProvider.SPI_VERSION)
              + ".x, at most "
              + CheckerProvider.SPI_VERSION
              + ", or a pathcheck whose SPI is "
              + found);
    }
    return found;
  }

  /** Returns whether a plugin built for {@code plugin} loads in a host of {@code host}. */
  static boolean isCompatible(String plugin, String host) {
    Matcher p = VERSION.matcher(plugin);
    Matcher h = VERSION.matcher(host);
    if (!p.matches() || !h.matches()) {
      return false;
    }
    return p.group(1).equals(h.group(1)) && Integer.parseInt(p.group(2)) <= Integer.parseInt(h.group(2));
  }

  private static String major(String version) {
    Matcher m = VERSION.matcher(version);
    return m.matches() ? m.group(1) : version;
  }
}
