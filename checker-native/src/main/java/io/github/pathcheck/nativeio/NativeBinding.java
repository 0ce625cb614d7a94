package io.github.pathcheck.nativeio;

import io.github.pathcheck.nativeio.platform.JniLibrary;

/**
 * Which binding this module's native calls go through: its own small JNI library (the aio calls, and opening
 * and preparing a path), or JNA. The choice is made once per class loader that loads this module, on first use
 * of any of those calls, and never changes after. Stateless and safe from any thread.
 */
public final class NativeBinding {
  /**
   * The system property that forces JNA ({@code -Dpathcheck.aio.binding=jna}) for the aio calls and for every
   * other call of this module that has a JNI form (opening a path, its status, block-device sizes, mappings),
   * for a host that keeps to JNA alone; by default ({@code jni}) the JNI library is used where it is built and
   * loads.
   */
  public static final String PROPERTY = JniLibrary.PROPERTY;

  private NativeBinding() {}

  /**
   * Returns {@code "jni"} when the module's JNI library was built (with gcc), loads from a private location, and
   * {@link #PROPERTY} does not say {@code jna}; {@code "jna"} otherwise. For benchmarks and diagnostics. Loads
   * the library if this class loader has not yet.
   */
  public static String current() {
    return JniLibrary.usable() ? "jni" : "jna";
  }
}
