package io.github.pathcheck.loader;

import io.github.pathcheck.api.CheckMode;
import io.github.pathcheck.api.CheckerInitException;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathDevice;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One reference to a loaded checker class, from {@link CheckerRegistry#acquire}: multipath-tools' {@code
 * checker_get}, with {@link #close()} as its {@code checker_put}.
 *
 * <p><b>Ownership.</b> The caller owns the handle and closes it once; the class stays loaded while any handle
 * to it is open, and the close of the last one unloads it. Closing is idempotent: a second close of the same
 * handle drops no second reference. The {@link PathChecker}s it inits are the caller's too, closed before the
 * handle; after the class is unloaded their calls throw.
 *
 * <p><b>After close.</b> {@link #init} throws {@link IllegalStateException} once this handle is closed, and
 * also once the registry was closed, which unloads every class whatever handles are open (closing such a handle
 * then does nothing). The handle itself never refers to the class: a closed handle kept around keeps no plugin
 * loaded.
 *
 * <p><b>Threading.</b> Thread-safe; {@link #close()} may race with itself and with any other handle's.
 */
public final class CheckerHandle implements AutoCloseable {
  private final CheckerSlot slot;
  private final long loadNumber;
  private final AtomicBoolean closed = new AtomicBoolean();

  CheckerHandle(CheckerSlot slot, long loadNumber) {
    this.slot = slot;
    this.loadNumber = loadNumber;
  }

  /** Returns the checker's name. */
  public String name() {
    return slot.descriptor().name();
  }

  /**
   * Creates the checker of one path: the class's {@link io.github.pathcheck.api.CheckerClass#init}, run by the
   * framework. For a class that is not asynchronous-capable, or {@link CheckMode#SYNC} options, init runs on the
   * class's pool and is waited for at most the checker timeout; otherwise on the calling thread, which the
   * class promises not to hold. The context class loader is the plugin's during the call.
   *
   * <p>The caller owns the returned checker and closes it before this handle. The device stays the host's: it
   * keeps it open until after the checker is closed.
   *
   * @throws CheckerInitException if the checker cannot be set up for this device, or its init did not return
   *     within the checker timeout; the message names the path and what to do
   * @throws IllegalArgumentException if the checker rejects {@code options}
   * @throws IllegalStateException if this handle was closed, or the registry was closed
   */
  public PathChecker init(PathDevice device, CheckerOptions options) throws CheckerInitException {
    return loadedClass().init(device, options);
  }

  /**
   * Returns how many checks of this class the framework abandoned since it was loaded, because they did not
   * return within their checker timeout.
   *
   * @throws IllegalStateException if this handle was closed, or the registry was closed
   */
  public long stuckChecks() {
    return loadedClass().stuckChecks();
  }

  /**
   * Returns whether the class is asynchronous-capable: its checks, in {@link CheckMode#ASYNC} mode, run on the
   * caller's thread without waiting for the device; the others run on the class's pool.
   *
   * @throws IllegalStateException if this handle was closed, or the registry was closed
   */
  public boolean isAsyncCapable() {
    return loadedClass().isAsyncCapable();
  }

  /**
   * Returns the view of type {@code type} that the class offers hosts ({@link
   * io.github.pathcheck.api.CheckerClass#unwrap}), such as directio's figures, or empty when it offers none.
   * The view stays usable after the class is unloaded, but holding it keeps the plugin's class loader
   * reachable: drop it with the handle.
   *
   * @throws IllegalStateException if this handle was closed, or the registry was closed
   */
  public <T> Optional<T> unwrap(Class<T> type) {
    Objects.requireNonNull(type, "type");
    return loadedClass().unwrap(type);
  }

  LoadedClass loadedClass() {
    ensureOpen();
    return slot.loadedClass(loadNumber);
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
      slot.release(loadNumber);
    }
  }

  @Override
  public String toString() {
    return "CheckerHandle[" + slot.descriptor() + (closed.get() ? ", closed]" : "]");
  }
}
