package io.github.pathcheck.nativeio.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The module's JNI library, {@code libpathcheck-linux-<os.arch>.so} ({@code src/main/c/aio_calls.c} and {@code
 * libc_calls.c}), built with the module where gcc is found and carried in its jar: {@code JniAioCalls} and
 * {@code JniLibcCalls} bind to it. It is loaded at most once per class loader that loads this class, from a
 * temporary copy deleted as soon as it is loaded (see {@link BundledLibrary}); the JVM unloads it with that
 * class loader.
 *
 * <p>{@link #usable()} decides once whether the bindings use it, and logs why not: a warning when the copy's
 * location is unsafe, a debug line when the library is missing or does not load, or when {@link
 * #PROPERTY} asks for JNA. Thread-safe.
 */
public final class JniLibrary {
  private static final Logger logger = LoggerFactory.getLogger(JniLibrary.class);
  public static final String NAME = "libpathcheck-linux-" + System.getProperty("os.arch") + ".so";
  /** The system property that asks for JNA instead: see {@code NativeBinding.PROPERTY}, which is this. */
  public static final String PROPERTY = "pathcheck.aio.binding";

  private static Boolean usable; // guarded by JniLibrary.class

  private JniLibrary() {}

  /**
   * Loads the library unless this class loader has.
   *
   * @throws UnsatisfiedLinkError when the jar has no library for this architecture (built without gcc) or it
   *     cannot be loaded (a {@code noexec} temporary directory, another C library, a temporary directory
   *     that another user could write: {@link BundledLibrary.UnsafeLocationError}); the message says which
   */
  public static synchronized void load() {
    if (usable == null || !usable) {
      BundledLibrary.load(JniLibrary.class, NAME);
      usable = true;
    }
  }

  /**
   * Returns whether the bindings make their calls through the library: it loaded (now or before), and {@link
   * #PROPERTY} does not say {@code jna}. Tries to load it once; the answer never changes after.
   */
  public static synchronized boolean usable() {
    if (usable == null) {
      usable = tryLoad();
    }
    return usable;
  }

  private static boolean tryLoad() {
    String asked = System.getProperty(PROPERTY, "");
    if (asked.equals("jna")) {
      return false;
    }
    if (!asked.isEmpty() && !asked.equals("jni")) {
      logger.warn("{}={} is neither jni nor jna; using jni where it loads", PROPERTY, asked);
    }
    try {
      BundledLibrary.load(JniLibrary.class, NAME);
      return true;
    } catch (BundledLibrary.UnsafeLocationError e) {
      logger.warn("native calls go through JNA: {}", e.getMessage());
      return false;
    } catch (UnsatisfiedLinkError e) {
      logger.debug("native calls go through JNA, about 0.2 us slower each: {}", e.getMessage());
      return false;
    }
  }
}
