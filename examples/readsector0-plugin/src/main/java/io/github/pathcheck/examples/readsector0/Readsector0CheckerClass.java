package io.github.pathcheck.examples.readsector0;

import io.github.pathcheck.api.AbstractChecker;
import io.github.pathcheck.api.AbstractCheckerClass;
import io.github.pathcheck.api.CheckerOptions;
import io.github.pathcheck.api.PathDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The readsector0 checker class; see {@link Readsector0CheckerProvider}. Not asynchronous-capable: each check
 * blocks until its read returns. Thread-safe.
 */
final class Readsector0CheckerClass extends AbstractCheckerClass {
  /** What multipath's readsector0 reads, and the least {@code O_DIRECT} alignment that fits every device. */
  static final int SECTOR0_BYTES = 4096;

  /**
   * @throws IllegalArgumentException if {@code classOptions} is not empty: the class has no options
   */
  Readsector0CheckerClass(Map<String, String> classOptions) {
    super(Readsector0CheckerProvider.NAME, classOptions, Set.of());
  }

  @Override
  protected AbstractChecker newChecker(PathDevice device, CheckerOptions options) {
    return new Readsector0Checker(this, device, blockSize(device.path()));
  }

  /**
   * The block to read: 4096 bytes, or the file store's block size when larger, since the JDK requires {@code
   * O_DIRECT} reads to be aligned to it. Falls back to 4096 when the path cannot be inspected; opening it in
   * {@code check()} then says why.
   */
  private static int blockSize(Path path) {
    try {
      long storeBlock = Files.getFileStore(path).getBlockSize();
      boolean usable = storeBlock > SECTOR0_BYTES && storeBlock <= 1 << 20 && Long.bitCount(storeBlock) == 1;
      return usable ? (int) storeBlock : SECTOR0_BYTES;
    } catch (IOException | UnsupportedOperationException e) {
      return SECTOR0_BYTES;
    }
  }
}
