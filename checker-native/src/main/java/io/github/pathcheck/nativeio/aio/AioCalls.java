package io.github.pathcheck.nativeio.aio;

/**
 * The five kernel aio system calls as {@link LinuxAio} makes them, behind one of two bindings: {@link
 * JniAioCalls} (the module's small JNI library, where it is built and loads) or
 * {@link JnaAioCalls} (JNA's direct mapping of libc's {@code syscall(2)}, always there).
 *
 * <p>Arguments and results are the kernel's: addresses of native memory as {@code long}s, and a non-negative
 * result or a negative errno. Implementations hold no state and are safe from any thread.
 */
interface AioCalls {
  /** {@code io_setup(nr_events, ctxp)}. */
  int ioSetup(int nrEvents, long ctxpAddress);

  /** {@code io_destroy(ctx)}. */
  int ioDestroy(long ctx);

  /** {@code io_submit(ctx, nr, iocbpp)}. */
  int ioSubmit(long ctx, long nr, long iocbppAddress);

  /** {@code io_cancel(ctx, iocb, result)}. */
  int ioCancel(long ctx, long iocbAddress, long resultAddress);

  /** {@code io_getevents(ctx, min_nr, nr, events, timeout)}. */
  int ioGetevents(long ctx, long minNr, long nr, long eventsAddress, long timeoutAddress);

  /** {@code "jni"} or {@code "jna"}: which binding this is, for diagnostics. */
  String name();
}
