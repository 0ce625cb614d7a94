package io.github.pathcheck.directio;

/**
 * The system-wide aio limits: {@code fs.aio-max-nr}, the number of aio events all contexts may reserve, and
 * {@code fs.aio-nr}, the number reserved now; -1 where unknown.
 */
record AioLimits(long maxNr, long nr) {
  /** Limits that could not be read. */
  static final AioLimits UNKNOWN = new AioLimits(-1, -1);
}
