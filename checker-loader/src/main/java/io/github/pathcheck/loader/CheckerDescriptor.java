package io.github.pathcheck.loader;

import io.github.pathcheck.api.CheckerProvider;
import java.util.Objects;

/**
 * A checker the registry discovered, loaded or not: its name and where its provider came from.
 *
 * <p>Immutable and thread-safe. It refers to no class of the checker, so holding it keeps no plugin loaded.
 */
public final class CheckerDescriptor {
  static final String BUILT_IN = "built-in";
  static final String CLASS_PATH = "class path";
  static final String MODULE_PATH = "module path";

  private final String name;
  private final String origin;
  private final boolean plugin;
  private final String spiVersion;

  CheckerDescriptor(String name, String origin, boolean plugin) {
    this(name, origin, plugin, CheckerProvider.SPI_VERSION);
  }

  CheckerDescriptor(String name, String origin, boolean plugin, String spiVersion) {
    this.name = Objects.requireNonNull(name, "name");
    this.origin = Objects.requireNonNull(origin, "origin");
    this.plugin = plugin;
    this.spiVersion = Objects.requireNonNull(spiVersion, "spiVersion");
  }

  /**
   * Returns the version of the SPI the checker was built against: a plugin's {@link
   * CheckerProvider#SPI_VERSION_ATTRIBUTE}, or the host's own {@link CheckerProvider#SPI_VERSION} for a checker
   * of the host.
   */
  public String spiVersion() {
    return spiVersion;
  }

  /** Returns the checker's name, such as {@code "tur"}. */
  public String name() {
    return name;
  }

  /**
   * Returns where the provider was found: {@code "built-in"} (the {@code none} checker), {@code "class
   * path"}, {@code "module path"}, or the path of the plugin jar or plugin directory.
   */
  public String origin() {
    return origin;
  }

  /** Returns whether the checker comes from a plugin directory and loads in a class loader of its own. */
  public boolean isPlugin() {
    return plugin;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof CheckerDescriptor)) {
      return false;
    }
    CheckerDescriptor that = (CheckerDescriptor) o;
    return name.equals(that.name)
        && origin.equals(that.origin)
        && plugin == that.plugin
        && spiVersion.equals(that.spiVersion);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, origin, plugin, spiVersion);
  }

  @Override
  public String toString() {
    return name + " (" + origin + ")";
  }
}
