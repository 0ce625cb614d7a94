package io.github.pathcheck.directio;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The lifetime counters of one directio checker class, as {@link DirectioSnapshot} reports them. Thread-safe:
 * each counter is updated on its own, so a reader may see them a few events apart.
 */
final class DirectioCounters {
  /** {@code io_setup} calls, failed ones included. */
  final AtomicLong ioSetupCalls = new AtomicLong();
  /** {@code io_destroy} calls, in free, reset and unload. */
  final AtomicLong ioDestroyCalls = new AtomicLong();
  /** The {@code io_destroy} calls made by a free that left a group holding only orphans. */
  final AtomicLong ioDestroyCallsDuringFree = new AtomicLong();
  /** Reads of freed checkers whose completion was reaped. */
  final AtomicLong orphansReaped = new AtomicLong();
}
