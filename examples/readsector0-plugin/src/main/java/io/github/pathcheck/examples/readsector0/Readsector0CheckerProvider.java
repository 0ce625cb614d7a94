package io.github.pathcheck.examples.readsector0;

import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerProvider;
import java.util.Map;

/**
 * The {@code readsector0} checker, multipath-tools' legacy checker of the same name: a path is up when its
 * first block (sector 0) can be read. Written as a third-party plugin would be, with only the checker SPI and
 * the JDK.
 *
 * <p><b>The check.</b> Each {@code check()} opens the device's path read-only with {@code O_DIRECT} ({@link
 * com.sun.nio.file.ExtendedOpenOption#DIRECT}), so the read reaches the device rather than the page cache,
 * reads its first block into an aligned buffer, and closes it again. The block is 4096 bytes, as multipath
 * reads, or the file store's block size when that is larger. The JDK cannot read through the host's file
 * descriptor, so the checker opens the path itself; the host's descriptor still tells whether the host holds
 * the path open.
 *
 * <table>
 *   <caption>Answers</caption>
 *   <tr><th>what happened</th><th>state</th><th>message</th></tr>
 *   <tr><td>the whole block was read</td><td>up</td><td>{@code " reports path is up"}</td></tr>
 *   <tr><td>a short read, end of file or an I/O error</td><td>down</td><td>{@code " reports path is down"}</td></tr>
 *   <tr><td>the path cannot be opened (gone, no such device)</td><td>down</td>
 *       <td>{@code " cannot open the device: <reason>"}</td></tr>
 *   <tr><td>the process may not read the path</td><td>unchecked</td>
 *       <td>{@code " no access to this device"}</td></tr>
 *   <tr><td>the host's {@code fd()} is negative</td><td>wild</td><td>{@code " has no usable fd"}</td></tr>
 *   <tr><td>the calling thread was interrupted</td><td>unchecked</td><td>{@code ""}</td></tr>
 * </table>
 *
 * <p>Every check is synchronous: the class is not asynchronous-capable, so {@code check()} always answers a
 * final state, there is never a check in flight for {@code pending()} to collect (it throws {@link
 * IllegalStateException}), and {@code needWait()} is false. The framework runs each check off the host's
 * thread and answers {@code timeout} for it once the checker timeout has passed. The read itself has no
 * timeout, like multipath's readsector0: on a hung device it returns when the kernel gives up, so use {@code
 * directio} or {@code tur} for paths that can hang. It takes no class options and no per-path properties.
 *
 * <p><b>Lifecycle and threading.</b> As the SPI says: {@code free()} is idempotent and every other call on a
 * freed checker throws {@link IllegalStateException} naming the path; {@code unload()} frees the live
 * checkers, after which {@code init} throws. A read still in flight at unload (a thread inside {@code check()})
 * makes the unload {@linkplain io.github.pathcheck.api.UnloadResult#deferred deferred}: its {@link
 * io.github.pathcheck.api.UnloadResult#released()} completes once the read has returned. This provider holds
 * nothing and is thread-safe.
 */
public final class Readsector0CheckerProvider implements CheckerProvider {
  /** The checker's name, {@value}. */
  public static final String NAME = "readsector0";

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public Readsector0CheckerProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Returns a new readsector0 checker class.
   *
   * @throws IllegalArgumentException if {@code classOptions} is not empty: the class has no options
   */
  @Override
  public CheckerClass load(Map<String, String> classOptions) {
    return new Readsector0CheckerClass(classOptions);
  }
}
