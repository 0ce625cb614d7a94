package io.github.pathcheck.tur;

/**
 * The tur checker's own messages, multipath-tools' strings: fragments a host prints after the checker's name,
 * like those of {@link io.github.pathcheck.api.CheckerMessages}.
 */
public final class TurMessages {
  /**
   * The check could not be made ({@link io.github.pathcheck.api.PathState#UNCHECKED}): the native layer
   * could not be used (JNA or libc failed to link), or the transport failed unexpectedly; the log says why.
   */
  public static final String FAILED_TO_INITIALIZE = " failed to initialize";
  /**
   * The device answered NOT READY, asymmetric access state transition (ALUA 04/0A): the path is {@link
   * io.github.pathcheck.api.PathState#PENDING} until the array settles; this is a final answer, not a check in
   * flight.
   */
  public static final String TRANSITIONING = " reports path is transitioning";

  private TurMessages() {}
}
