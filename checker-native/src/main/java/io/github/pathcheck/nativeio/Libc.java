package io.github.pathcheck.nativeio;

import io.github.pathcheck.nativeio.platform.JniLibrary;

/**
 * The binding of the libc calls for this class loader: {@link JniLibcCalls} where {@link JniLibrary#usable()},
 * else {@link JnaLibcCalls}. Chosen once, when first used.
 */
final class Libc {
  private static final LibcCalls CALLS = JniLibrary.usable() ? JniLibcCalls.load() : new JnaLibcCalls();

  private Libc() {}

  /** Returns the binding in use. */
  static LibcCalls calls() {
    return CALLS;
  }
}
