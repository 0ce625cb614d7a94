package io.github.pathcheck.nativeio;

/**
 * The aio calls through a JNI library of five one-line functions ({@code src/main/c/aio_calls.c}), built with
 * the module where gcc is found and carried in its jar as {@code libpathcheck-aio-linux-<os.arch>.so}. A JNI
 * call costs the JVM a few nanoseconds where JNA's direct mapping costs a few hundred, which is a tenth of an
 * async directio check.
 *
 * <p>{@link #load()} loads the library once per class loader that loads this class, from a temporary copy
 * deleted as soon as it is loaded (see {@link BundledLibrary}); the JVM unloads it with that class loader.
 */
final class JniAioCalls implements AioCalls {
  static final String LIBRARY = "libpathcheck-aio-linux-" + System.getProperty("os.arch") + ".so";

  private JniAioCalls() {}

  /**
   * Loads the library and returns the binding.
   *
   * @throws UnsatisfiedLinkError when the jar has no library for this architecture (built without gcc) or it
   *     cannot be loaded (a {@code noexec} temporary directory, another C library, a temporary directory
   *     that another user could write: {@link BundledLibrary.UnsafeLocationError}); the message says which
   */
  static JniAioCalls load() {
    BundledLibrary.load(JniAioCalls.class, LIBRARY);
    return new JniAioCalls();
  }

  @Override
  public native int ioSetup(int nrEvents, long ctxpAddress);

  @Override
  public native int ioDestroy(long ctx);

  @Override
  public native int ioSubmit(long ctx, long nr, long iocbppAddress);

  @Override
  public native int ioCancel(long ctx, long iocbAddress, long resultAddress);

  @Override
  public native int ioGetevents(long ctx, long minNr, long nr, long eventsAddress, long timeoutAddress);

  @Override
  public String name() {
    return "jni";
  }
}
