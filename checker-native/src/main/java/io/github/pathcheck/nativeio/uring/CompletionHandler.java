package io.github.pathcheck.nativeio.uring;

/**
 * Receives the completions {@link IoUring#reap} takes from the completion ring, one call each, in the order the
 * kernel posted them, on the reaping thread.
 */
@FunctionalInterface
public interface CompletionHandler {
  /**
   * One completion.
   *
   * @param userData the value the submission carried
   * @param result the completion's {@code res}: minus errno when the kernel failed the request; for an NVMe
   *     passthrough command, 0 on success or the NVMe status field otherwise
   * @param extra the first 8 bytes of the 32-byte completion's extra space ({@code big_cqe[0]}): for an NVMe
   *     passthrough command, the completion's result (dword 0, and dword 1 above it)
   */
  void completed(long userData, int result, long extra);
}
