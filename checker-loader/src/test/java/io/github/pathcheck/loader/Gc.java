package io.github.pathcheck.loader;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/** Proves an object collectable: a weak reference to it is cleared after a bounded number of collections. */
public final class Gc {
  private static final int ATTEMPTS = 50;
  private static final long WAIT_MILLIS = 100;

  private final ReferenceQueue<Object> queue = new ReferenceQueue<>();

  public WeakReference<Object> track(Object referent) {
    return new WeakReference<>(referent, queue);
  }

  /** Returns whether {@code ref} was cleared within the bounded number of collections. */
  public boolean isCollected(WeakReference<?> ref) throws InterruptedException {
    for (int i = 0; i < ATTEMPTS && ref.get() != null; i++) {
      System.gc();
      queue.remove(WAIT_MILLIS);
    }
    return ref.get() == null;
  }
}
