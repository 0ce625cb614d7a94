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
 *       final answer distinct from a check still in flight;
 *   <li>disconnected (" no access to this device"): ILLEGAL REQUEST, logical unit not supported (25/00): the
 *       target no longer maps the LUN; hosts treat it as down;
 *   <li>down (" reports path is down"): any other problem, a failed ioctl, or UNIT ATTENTION on every attempt;
 *   <li>wild (" doesn't support this device"): the device has no SG_IO ({@code ENOTTY}, or the {@code EINVAL}
 *       Linux's loop driver answers instead): a regular file, a loop device; wild (" has no usable fd") for a
 *       device without a descriptor;
 *   <li>unchecked (" failed to initialize"): the check itself failed: the native layer could not be linked, or
 *       the command threw (logged as an error); unchecked with no message before the first check;
 *   <li>pending (" still running") and timeout (" timed out"): asynchronous checks, see below.
 * </ul>
 *
 * <p>A check makes up to 5 attempts, retrying UNIT ATTENTION and host (driver, transport) errors other than
 * {@code DID_OK}, {@code DID_NO_CONNECT}, {@code DID_BAD_TARGET}, {@code DID_ABORT} and {@code
 * DID_TRANSPORT_FAILFAST}; when they run out, the last answer is decoded without retrying (UNIT ATTENTION is
 * then down). The SG_IO command timeout is the checker timeout ({@link
 * io.github.pathcheck.api.CheckerOptions#timeout()}); multipath takes its default from the device's sysfs
 * {@code device/timeout}, which is the host's to read and pass in.
 *
 * <p><b>Synchronous checks</b> ask the device on the caller's thread; each attempt is bounded by the command
 * timeout, as far as the kernel honours it.
 *
 * <p><b>Asynchronous checks.</b> {@code check()} starts the command on a worker thread and answers pending ("
 * still running"); {@code check()} or {@code pending()} later collect the answer. {@code needWait()} is true
 * from the start until the first look. A worker that has not answered when the checker timeout has passed
 * since it started is abandoned and the check answered timeout (" timed out"), by {@code check()} and {@code
 * pending()} alike; a thread blocked in {@code ioctl} cannot be cancelled, so it stays until the kernel lets
 * it go. While one abandoned worker of a path is still blocked, the next check starts a new worker (so a path
 * that recovers is seen); while two are, checks answer timeout without starting any, until one returns. The
 * count is the path's (the device's {@link io.github.pathcheck.api.PathDevice#path() path}), kept by the
 * class, not the checker's: workers abandoned by a freed checker of the path count until they return, so a
 * host that frees and re-inits the checker of a hung path (a reconfigure) gets no further threads. So a hung
 * path never holds more than two threads, and N hung paths at most 2N. Workers are daemon threads with a 256
 * KiB stack, named {@code "pathcheck-tur <device>"}. If no thread can be created, the check runs on the
 * caller's thread, as in multipath.
 *
 * <p><b>Free, reset, unload.</b> Freeing a checker abandons its workers: their answers are dropped, they make
 * no further attempt, they count against their path's bound of two, and they release what they hold when
 * their command returns. {@code reset()} has nothing
 * to release: checkers share nothing. {@code unload()} frees the live checkers; if workers (or synchronous
 * checks) are still blocked, it returns a deferred result naming them (such as {@code "1 tur worker thread
 * blocked on /dev/sdc"}) whose stage completes when the last one returns. The host must keep the device open
 * until its checker is freed; a worker abandoned in flight may still use the descriptor number it started with.
 *
 * <p><b>Options.</b> No class options and no per-path properties; {@code init} rejects any with {@link
 * IllegalArgumentException}. Thread-safe, and holds nothing.
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
    CheckerProvider.requireNoClassOptions(NAME, classOptions);
    return new TurCheckerClass(KernelSgTransport.INSTANCE, System::nanoTime, TurCheckerClass.DEFAULT_THREADS);
  }
}
