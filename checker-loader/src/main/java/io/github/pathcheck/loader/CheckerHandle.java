package io.github.pathcheck.loader;

import io.github.pathcheck.api.CheckerClass;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One reference to a loaded checker class, from {@link CheckerRegistry#acquire}: multipath-tools' {@code
 * checker_get}, with {@link #close()} as its {@code checker_put}.
 *
 * <p><b>Ownership.</b> The caller owns the handle and closes it once; the class stays loaded while any handle
 * to it is open, and the close of the last one unloads it. Closing is idempotent: a second close of the same
 * handle drops no second reference (multipath's over-unref bug, commit ecb24941, cannot happen).
 *
 * <p><b>After close.</b> {@link #checkerClass()} throws {@link IllegalStateException} once this handle is
 * closed, and also once the registry was closed, which unloads every class whatever handles are open (closing
 * such a handle then does nothing). The handle itself never refers to the class: a closed handle kept around
 * keeps no plugin loaded. A caller must not keep the {@link CheckerClass} beyond its handle either.
 *
 * <p><b>Threading.</b> Thread-safe; {@link #close()} may race with itself and with any other handle's.
 */
public final class CheckerHandle implements AutoCloseable {
  private final CheckerSlot slot;
  private final long generation;
  private final AtomicBoolean closed = new AtomicBoolean();

  CheckerHandle(CheckerSlot slot, long generation) {
    this.slot = slot;
    this.generation = generation;
  }

  /** Returns the checker's name. */
  public String name() {
    return slot.descriptor().name();
  }

  /**
   * Returns the loaded checker class.
   *
   * @throws IllegalStateException if this handle was closed, or the registry was closed
   */
  public CheckerClass checkerClass() {
    ensureOpen();
    return slot.loadedClass(generation);
  }

  /**
   * Returns the loader that calls into the class run with as the thread's context class loader (see {@link
   * CheckerSlot#enterContext}): the plugin's loader, or null for a host checker, whose calls leave it as it
   * is.
   *
   * @throws IllegalStateException if this handle was closed, or the registry was closed
   */
  ClassLoader contextLoader() {
    ensureOpen();
    return slot.contextLoader(generation);
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException(
          "this handle to checker " + name() + " is closed; acquire the checker again");
    }
  }

  /** Drops this handle's reference, once; the last reference dropped unloads the class. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      slot.release(generation);
    }
  }

  @Override
  public String toString() {
    return "CheckerHandle[" + slot.descriptor() + (closed.get() ? ", closed]" : "]");
  }
}
