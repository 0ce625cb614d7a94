package io.github.pathcheck.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Closes resources in the reverse of the order they were opened, closing all even when some fail. */
final class Closing {
  private Closing() {}

  /**
   * Closes {@code resources}, last first. Every one is closed; the first failure is thrown with the later ones
   * suppressed in it.
   */
  static <E extends Exception> void inReverse(List<? extends AutoCloseable> resources, Class<E> failureType)
      throws E {
    List<AutoCloseable> reversed = new ArrayList<>(resources);
    Collections.reverse(reversed);
    Exception failure = null;
    for (AutoCloseable resource : reversed) {
      try {
        resource.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure == null) {
      return;
    }
    if (failureType.isInstance(failure)) {
      throw failureType.cast(failure);
    }
    if (failure instanceof RuntimeException) {
      throw (RuntimeException) failure;
    }
    throw new IllegalStateException("closing failed", failure);
  }
}
