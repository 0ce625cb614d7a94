package io.github.pathcheck.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded checker implementation (multipath-tools' {@code struct checker_class}): it creates checkers for
 * paths and owns every resource they share, such as aio contexts. Most authors extend {@link
 * AbstractCheckerClass}; threads to run blocking checks on are the framework's, not the class's.
 *
 * <p><b>Lifecycle.</b> A {@link CheckerProvider} loads the class. The host {@linkplain #init initialises} one
 * {@link Checker} per path, {@linkplain #reset() resets} the class on reconfigure, and finally {@linkplain
 * #unload() unloads} it, after which the class is unusable and the host may drop the class loader that
 * defined it once {@link UnloadResult#released()} has completed.
 *
 * <p><b>Threading.</b> Every method is safe to call from any thread, also while checkers of this class are
 * being checked from other threads. Hosts call it through the framework, which runs {@link #init}, {@link
 * #reset()} and {@link #unload()} with a bound of its own and the plugin's class loader as the thread's context
 * class loader.
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
   * Waits until the asynchronous checks of this class that are in flight have their answers ready for {@link
   * Checker#pending()}, or until {@code maxWait} has passed, whichever comes first; or, for a class that
   * cannot tell when its answers are ready, returns {@code false} at once.
   *
   * <p>A host calls it in place of the fixed short wait multipathd sleeps after starting checks that {@linkplain
   * Checker#needWait() need a wait}: with several classes, one after another within one shared deadline, and
   * then sleeps what is left of that deadline only if some class answered {@code false}. A round then lasts as
   * long as its checks take, not a fixed time. A check that stays in flight (a hung device) makes the call wait
   * the whole {@code maxWait}, no longer.
   *
   * <p>The wait may do the work that makes answers ready (directio reaps its completed reads here, for every
   * checker of the class), so the following {@code pending()} calls find them without a system call. It may be
   * called from any thread, while checkers of the class are used from other threads; a thread interrupted
   * while it waits gets {@link InterruptedException}. After {@link #unload()} there is nothing to wait for and
   * it returns at once.
   *
   * <p>The default implementation returns {@code false} at once.
   *
   * @param maxWait the longest time to wait; zero or negative does not wait
   * @return {@code true} when this class waited for its answers (they are ready, or {@code maxWait} passed);
   *     {@code false} when it cannot tell and did not wait
   * @throws InterruptedException if the calling thread was interrupted while waiting
   */
  default boolean awaitAnswers(Duration maxWait) throws InterruptedException {
    Objects.requireNonNull(maxWait, "maxWait");
    return false;
  }

  /**
   * Reconfigure: releases shared resources that no live checker uses, such as those that freed checkers left
   * behind. Live checkers stay valid and keep working. The class stays loaded.
   *
   * @throws IllegalStateException if the class was unloaded
   */
  void reset();

  /**
   * Returns a view of this class of type {@code type} that the class offers hosts, such as its figures, or
   * empty when it offers none of that type (the pattern of {@code java.sql.Wrapper#unwrap}). Hosts reach it
   * through the framework's handle, never by casting the class.
   *
   * <p>A view must not let a host call the class's lifecycle ({@link #init}, {@link #reset()}, {@link
   * #unload()}), which the framework runs, and must stay safe to call after unload. The host can use it only if
   * {@code type} is the same class on both sides: a type of the checker's own module reaches a host that has
   * that module on its class path, not one that loads the checker from a plugin jar.
   *
   * <p>The default implementation offers nothing.
   *
   * @param type the type of the view
   * @return the view, or empty
   */
  default <T> Optional<T> unwrap(Class<T> type) {
    Objects.requireNonNull(type, "type");
    return Optional.empty();
  }

  /**
   * Frees every resource of the class. Checkers still live are freed first, as by {@link Checker#free()}.
   * Afterwards {@link #init} throws {@link IllegalStateException}, and so do the freed checkers' methods other
   * than {@code free}. Idempotent: a second call returns the first call's result.
   *
   * @return what was released, and what is released later because it is still busy
   */
  UnloadResult unload();
}
