package io.github.pathcheck.api;

/**
 * A loaded checker implementation (multipath-tools' {@code struct checker_class}): it creates checkers for
 * paths and owns every resource they share, such as aio contexts or worker threads.
 *
 * <p><b>Lifecycle.</b> A {@link CheckerProvider} loads the class. The host {@linkplain #init initialises} one
 * {@link Checker} per path, {@linkplain #reset() resets} the class on reconfigure, and finally {@linkplain
 * #unload() unloads} it, after which the class is unusable and the host may drop the class loader that
 * defined it once {@link UnloadResult#released()} has completed.
 *
 * <p><b>Threading.</b> Every method is safe to call from any thread, also while checkers of this class are
 * being checked from other threads.
 */
public interface CheckerClass {

  /** Returns the checker's name, the same as its provider's {@link CheckerProvider#name()}. */
  String name();

  /**
   * Returns whether checkers of this class honour {@link CheckMode#ASYNC}. When false, every check is
   * synchronous whatever the options ask.
   */
  boolean isAsyncCapable();

  /**
   * Creates a checker for one path.
   *
   * <p>The checker does not own the device: the host keeps it open until after it frees the checker.
   *
   * @throws CheckerInitException if the checker cannot be set up for this device; the message names the path
   *     and what to do. Nothing is left behind.
   * @throws IllegalArgumentException if {@code options} holds a property this checker does not know
   * @throws IllegalStateException if the class was unloaded
   */
  Checker init(PathDevice device, CheckerOptions options) throws CheckerInitException;

  /**
   * Reconfigure: releases shared resources that no live checker uses, such as those that freed checkers left
   * behind. Live checkers stay valid and keep working. The class stays loaded.
   *
   * @throws IllegalStateException if the class was unloaded
   */
  void reset();

  /**
   * Frees every resource of the class. Checkers still live are freed first, as by {@link Checker#free()}.
   * Afterwards {@link #init} throws {@link IllegalStateException}, and so do the freed checkers' methods other
   * than {@code free}. Idempotent: a second call returns the first call's result.
   *
   * @return what was released, and what is released later because it is still busy
   */
  UnloadResult unload();
}
