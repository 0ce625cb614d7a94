package io.github.pathcheck.examples.readsector0;

import com.sun.nio.file.ExtendedOpenOption;
import io.github.pathcheck.api.AbstractChecker;
import io.github.pathcheck.api.CheckResult;
import io.github.pathcheck.api.PathDevice;
import io.github.pathcheck.api.PathState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;

/** A readsector0 checker for one path; see {@link Readsector0CheckerProvider}. */
final class Readsector0Checker extends AbstractChecker {
  /** Direct, aligned to and as long as the block read: what an {@code O_DIRECT} read needs. */
  private final ByteBuffer block;

  Readsector0Checker(Readsector0CheckerClass owner, PathDevice device, int blockSize) {
    super(owner, device);
    this.block = ByteBuffer.allocateDirect(2 * blockSize).alignedSlice(blockSize).limit(blockSize).slice();
  }

  /** Reads the first block once: up if it all came back, down otherwise. */
  @Override
  protected CheckResult probe() {
    FileChannel channel;
    try {
      channel = FileChannel.open(device().path(), StandardOpenOption.READ, ExtendedOpenOption.DIRECT);
    } catch (AccessDeniedException e) {
      return CheckResult.NO_ACCESS;
    } catch (IOException | UnsupportedOperationException e) {
      return CheckResult.of(PathState.DOWN, " cannot open the device: " + reason(e));
    }
    try (channel) {
      block.clear();
      int read = channel.read(block, 0);
      return read == block.capacity() ? CheckResult.UP : CheckResult.DOWN;
    } catch (ClosedByInterruptException e) {
      // The framework interrupted this thread (its interrupt status stays set): not the path's fault.
      return CheckResult.UNCHECKED;
    } catch (IOException e) {
      return CheckResult.DOWN;
    }
  }

  private static String reason(Exception e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or device";
    }
    String reason = e instanceof FileSystemException ? ((FileSystemException) e).getReason() : null;
    return reason != null ? reason : e.toString();
  }
}
