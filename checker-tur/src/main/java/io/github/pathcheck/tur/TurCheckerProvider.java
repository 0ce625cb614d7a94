package io.github.pathcheck.tur;

import io.github.pathcheck.api.CheckerClass;
import io.github.pathcheck.api.CheckerProvider;
import java.util.Map;

/**
 * The {@code tur} checker, multipath-tools' checker of the same name: asks a SCSI device whether it is ready
 * with the 6-byte TEST UNIT READY command, sent with the {@code SG_IO} ioctl on the host's descriptor, and
 * turns the answer into a path state.
 *
 * <p><b>Answers.</b>
 *
 * <ul>
 *   <li>up (" reports path is up"): the device is ready, or answered RESERVATION CONFLICT (another host holds
 *       a SCSI-3 reservation: the path itself works);
 *   <li>ghost (" reports path is ghost"): NOT READY, target port in standby (ALUA standby, 04/0B);
 *   <li>pending (" reports path is transitioning"): NOT READY, asymmetric access state transition (04/0A), a
 *       final answer; {@code pending()} after it answers the same without asking the device again;
 *   <li>disconnected (" no access to this device"): ILLEGAL REQUEST, logical unit not supported (25/00): the
 *       target no longer maps the LUN; hosts treat it as down;
 *   <li>down (" reports path is down"): any other problem, a failed ioctl, or UNIT ATTENTION on every attempt;
 *   <li>wild (" doesn't support this device"): the device has no SG_IO ({@code ENOTTY}, or the {@code EINVAL}
 *       Linux's loop driver answers instead): a regular file, a loop device; wild (" has no usable fd") for a
 *       device without a descriptor;
 *   <li>unchecked (" failed to initialize"): the check itself failed: the native layer could not be linked, or
 *       the command threw (logged as an error).
 * </ul>
 *
 * <p>A check makes up to 5 attempts, retrying UNIT ATTENTION and host (driver, transport) errors other than
 * {@code DID_OK}, {@code DID_NO_CONNECT}, {@code DID_BAD_TARGET}, {@code DID_ABORT} and {@code
 * DID_TRANSPORT_FAILFAST}; when they run out, or once the checker timeout has passed since the check began,
 * the last answer is decoded without retrying (UNIT ATTENTION is then down). The SG_IO command timeout of each
 * attempt is the checker timeout ({@link io.github.pathcheck.api.CheckerOptions#timeout()}); multipath takes
 * its default from the device's sysfs {@code device/timeout}, which is the host's to read and pass in.
 *
 * <p><b>Synchronous.</b> The class is not {@linkplain CheckerClass#isAsyncCapable() asynchronous-capable}: a
 * check blocks the calling thread until the device answers, as far as the kernel honours the command timeout,
 * whatever {@link io.github.pathcheck.api.CheckMode} is asked. The framework calls it on a thread of its own
 * and answers timeout for a check that outlasts the checker timeout. The checker starts no thread.
 *
 * <p><b>Free, reset, unload.</b> Checkers share nothing, so {@code reset()} releases nothing. {@code unload()}
 * during a check returns a deferred result that completes when the check returns. The host keeps the device
 * open until its checker is freed.
 *
 * <p><b>Options.</b> No class options and no per-path properties: {@code load} and {@code init} reject any with
 * {@link IllegalArgumentException}. The provider is thread-safe and holds nothing.
 */
public final class TurCheckerProvider implements CheckerProvider {
  /** The checker's name, {@value}. */
  public static final String NAME = "tur";

  /** Creates the provider; it holds nothing. */
  public TurCheckerProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Returns a new tur checker class, which sends its commands to the kernel.
   *
   * @throws IllegalArgumentException if {@code classOptions} is not empty: the class has no options
   */
  @Override
  public CheckerClass load(Map<String, String> classOptions) {
    return new TurCheckerClass(classOptions, KernelSgTransport.INSTANCE, System::nanoTime);
  }
}
