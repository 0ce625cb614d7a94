package io.github.pathcheck.nativeio.aio;

import io.github.pathcheck.nativeio.platform.JniLibrary;

/**
 * The aio calls through five one-line functions ({@code src/main/c/aio_calls.c}) of the module's JNI library
 * ({@link JniLibrary}), which make no JNA dispatch. Stateless and safe from any thread.
 */
final class JniAioCalls implements AioCalls {

  private JniAioCalls() {}

  /**
   * Loads the library, if this class loader has not yet, and returns the binding.
   *
   * @throws UnsatisfiedLinkError as {@link JniLibrary#load()} does
   */
  static JniAioCalls load() {
    JniLibrary.load();
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
