package com.example.shared;

/**
 * A class on the host's test class path that the child-first fixture also bundles, in another version, in
 * its private dependency jar: the plugin must see its own.
 */
public final class Greeting {
  private Greeting() {}

  /** Returns {@code "host"}; the plugin's copy returns {@code "plugin"}. */
  public static String version() {
    return "host";
  }
}
