package io.github.pathcheck.directio;

/**
 * The directio checker's own messages (multipath-tools' directio ids 100 to 102), fragments a host prints
 * after the checker's name, like the generic ones of {@link io.github.pathcheck.api.CheckerMessages}.
 */
final class DirectioMessages {
  /** The read could not be submitted; the state is {@code unchecked}. */
  static final String NOT_AVAILABLE = " is not available";
  /** The read is in flight; the state is {@code pending}. */
  static final String WAITING_ON_AIO = " is waiting on aio";
  /**
   * {@code BLKBSZGET} failed (a regular file, say): the checker reads 4096 bytes. Not an answer: init logs it,
   * naming the path.
   */
  static final String BLOCKSIZE_DEFAULT = " cannot get blocksize, set default";

  private DirectioMessages() {}
}
