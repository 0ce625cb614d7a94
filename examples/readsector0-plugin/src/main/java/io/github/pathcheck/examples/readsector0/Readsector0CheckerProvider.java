package io.github.pathcheck.examples.readsector0;

import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerProvider;
import java.util.Map;

/**
 * The {@code readsector0} checker, multipath-tools' legacy checker of the same name: a path is up when its
 * first block (sector 0) can be read. Written as a third-party plugin would be, with the checker SPI and the
 * host's checker-native (its SCSI layer), which the host shares with every plugin.
 *
 * <p><b>The check.</b> Each {@code check()} sends SCSI READ(10) of one block at LBA 0, into a 4096-byte
 * buffer, through {@code SG_IO} on the host's descriptor, with the checker timeout as the command timeout. It
 * never opens the path itself, so it checks the device the host holds, even after its node name is reused.
 *
 * <table>
 *   <caption>Answers</caption>
 *   <tr><th>what happened</th><th>state</th><th>message</th></tr>
 *   <tr><td>the read succeeded (sense key RECOVERED ERROR included), or the ioctl failed with {@code
 *       ENOMEM}</td><td>up</td><td>{@code " reports path is up"}</td></tr>
 *   <tr><td>any other SCSI status, host or driver error, or UNIT ATTENTION on all 3 attempts</td><td>down</td>
 *       <td>{@code " reports path is down"}</td></tr>
 *   <tr><td>the ioctl failed: a file ({@code ENOTTY}), a loop device ({@code EINVAL}), any device without
 *       SG_IO</td><td>down</td><td>{@code " reports path is down"}</td></tr>
 *   <tr><td>the host's {@code fd()} is negative</td><td>wild</td><td>{@code " has no usable fd"}</td></tr>
 *   <tr><td>the check itself failed (the native layer could not be used)</td><td>unchecked</td>
 *       <td>{@code ""}</td></tr>
 * </table>
 *
 * <p>{@code EINTR} is retried; UNIT ATTENTION is retried up to 3 attempts in all, none started once the
 * checker timeout has passed since the check began.
 *
 * <p>Every check is synchronous: the class is not asynchronous-capable, so {@code check()} always answers a
 * final state, there is never a check in flight for {@code pending()} to collect (it throws {@link
 * IllegalStateException}), and {@code needWait()} is false. The framework runs each check off the host's
 * thread and answers {@code timeout} for it once the checker timeout has passed; the kernel aborts the command
 * at the same timeout. It takes no class options and no per-path properties.
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
    return new Readsector0CheckerClass(classOptions, KernelSgRead.INSTANCE, System::nanoTime);
  }
}
