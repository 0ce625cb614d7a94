package io.github.pathcheck.directio;

/**
 * One kernel aio context ({@code aio_context_t}) and the native memory of its slots: slot {@code i} has a
 * block buffer and an iocb that only reads into that buffer. Results are kernel-style: a non-negative value,
 * or a negative errno.
 *
 * <p><b>Threading.</b> {@link #submitRead} and {@link #cancel} may be called from any thread, also at once, for
 * different slots. {@link #getEvents} and the event accessors are called by one thread at a time (the
 * group's reaper): the events of one call are readable until the next call. {@link #release} is called once,
 * after {@link #destroy} returned and no other call is in progress.
 */
interface AioContext {

  /**
   * Submits a read of {@code length} bytes at offset 0 of {@code fd} into slot {@code slot}'s buffer, with
   * {@code data} as the iocb's {@code aio_data} ({@code io_submit} of one iocb).
   *
   * @return 1 when the read was submitted, or a negative errno
   */
  int submitRead(int slot, long data, int fd, int length);

  /**
   * Tries to cancel slot {@code slot}'s read ({@code io_cancel}).
   *
   * @return 0 when the kernel cancelled it and will post no completion for it, or a negative errno (for reads,
   *     in practice always: the read stays in flight)
   */
  int cancel(int slot);

  /**
   * Reaps completions ({@code io_getevents(minEvents, maxEvents, timeout)}): waits until at least {@code
   * minEvents} completions are there or the timeout passed, whichever comes first.
   *
   * @param timeoutNanos how long to wait at most; 0 to return at once
   * @return the number of completions read, readable through {@link #eventData} and {@link #eventResult}, or
   *     a negative errno ({@code -EINTR} when a signal interrupted the wait)
   */
  int getEvents(int minEvents, int maxEvents, long timeoutNanos);

  /** Returns the {@code aio_data} of completion {@code index} of the last {@link #getEvents} call. */
  long eventData(int index);

  /**
   * Returns the result of completion {@code index} of the last {@link #getEvents} call: the number of bytes
   * read, or a negative errno.
   */
  long eventResult(int index);

  /**
   * Destroys the context ({@code io_destroy}): blocks until every read still in flight completed and an RCU
   * grace period passed; wakes threads blocked in {@link #getEvents}.
   *
   * @return 0, or a negative errno
   */
  int destroy();

  /** Frees the slots' native memory. Called once, after {@link #destroy} returned and no call is in progress. */
  void release();
}
